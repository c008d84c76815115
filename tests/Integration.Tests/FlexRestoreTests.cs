using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

public sealed class FlexRestoreTests : IAsyncLifetime
{
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task A_flex_restore_goes_from_apply_to_completed_with_exactly_one_post()
    {
        environment.StartOperator();

        await environment.CreateRestoreAsync("flex", RestoreEnvironment.FlexSpec());
        var done = await environment.WaitForAsync("flex", r => r.Status?.Phase is RestorePhase.Completed or RestorePhase.Failed);

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Api.Should().Be(ResolvedApi.Flex);
        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        done.Status.Job!.Id.Should().Be(job.Id);
        done.Status.Job.Status.Should().Be("COMPLETED");
        done.Status.Job.TargetDeploymentItemName.Should().Be(DemoSeed.FlexTargetCluster);
        done.Status.Job.RestoreScheduledDate.Should().NotBeNull();
        done.Status.Job.RestoreFinishedDate.Should().NotBeNull();
        done.Status.Adopted.Should().BeFalse();
        done.Status.Conditions.Should().Contain(c => c.Type == RestoreCondition.Ready && c.Status == "True");
        done.Metadata.Finalizers.Should().Contain(AtlasSharedRestore.Finalizer);
        environment.AcceptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);

        // What `kubectl describe asr flex` shows under Events.
        (await environment.WaitForEventAsync("flex", RestoreReasons.Completed)).Message.Should().Contain(job.Id);
        var events = await environment.EventsOfAsync("flex");
        events.Should().Contain(e => e.Reason == RestoreReasons.Submitting && e.Type == "Normal"
            && e.Message.Contains(DemoSeed.FlexSnapshotId, StringComparison.Ordinal) && e.Message.Contains(DemoSeed.FlexTargetCluster, StringComparison.Ordinal));
        events.Should().Contain(e => e.Reason == RestoreReasons.Submitted && e.Type == "Normal" && e.Message.Contains(job.Id, StringComparison.Ordinal));
        events.Should().NotContain(e => e.Type == "Warning");
    }
}
