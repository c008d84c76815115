using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// The same manifest applied again after its restore completed (GitOps re-sync, a rebuilt cluster): the job already in
/// Atlas is adopted and nothing is posted (DESIGN §4 step 3).
/// </summary>
public sealed class ReappliedManifestTests : IAsyncLifetime
{
    private const string Name = "refresh-staging";
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task Deleting_and_recreating_the_same_restore_adopts_the_job_instead_of_posting()
    {
        environment.StartOperator();
        var original = await CompleteOnceAsync(environment);

        await environment.DeleteRestoreAsync(Name);
        await environment.WaitForGoneAsync(Name);
        await environment.CreateRestoreAsync(Name, RestoreEnvironment.FlexSpec());
        var again = await environment.WaitForAsync(Name, r => r.Metadata.Uid != original.Metadata.Uid && AtlasJournalWaits.IsTerminal(r));

        again.Status!.Phase.Should().Be(RestorePhase.Completed);
        again.Status.Adopted.Should().BeTrue();
        again.Status.Job!.Id.Should().Be(original.Status!.Job!.Id);
        again.Status.Submission.Should().BeNull("nothing was submitted");
        environment.AttemptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task The_same_manifest_applied_in_a_rebuilt_cluster_adopts_the_job_instead_of_posting()
    {
        var first = environment.StartOperator();
        var original = await CompleteOnceAsync(environment);
        await first.StopAsync();

        await using var rebuilt = await RestoreEnvironment.StartAsync(new RestoreEnvironmentOptions { SharedAtlas = environment.Atlas });
        rebuilt.StartOperator("operator-rebuilt");
        await rebuilt.CreateRestoreAsync(Name, RestoreEnvironment.FlexSpec());
        var again = await rebuilt.WaitForAsync(Name, AtlasJournalWaits.IsTerminal);

        again.Status!.Phase.Should().Be(RestorePhase.Completed);
        again.Status.Adopted.Should().BeTrue();
        again.Status.Job!.Id.Should().Be(original.Status!.Job!.Id);
        again.Status.Conditions.Should().Contain(c => c.Type == RestoreCondition.Ready && c.Status == "True");
        environment.AttemptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);
        (await rebuilt.WaitForEventAsync(Name, RestoreReasons.Adopted)).Message.Should().Contain(original.Status.Job.Id);
    }

    private static async Task<AtlasSharedRestore> CompleteOnceAsync(RestoreEnvironment environment)
    {
        await environment.CreateRestoreAsync(Name, RestoreEnvironment.FlexSpec());
        var done = await environment.WaitForAsync(Name, AtlasJournalWaits.IsTerminal);
        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Adopted.Should().BeFalse();
        environment.AcceptedPosts().Should().Be(1);
        return done;
    }
}
