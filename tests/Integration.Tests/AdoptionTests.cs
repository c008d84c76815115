using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// An identical restore job already in Atlas (the same manifest applied again, e.g. in a rebuilt cluster):
/// <c>existingJobPolicy: Adopt</c> follows it without posting; <c>Resubmit</c> posts exactly one new job.
/// </summary>
public sealed class AdoptionTests : IAsyncLifetime
{
    private const string ExistingJobId = "6650a1b2c3d4e5f6a7b8aaaa";

    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task An_identical_job_in_atlas_is_adopted_with_zero_posts_and_followed_to_completed()
    {
        // Held at RUNNING until the test lets it finish, so the operator must follow the adopted job to its end.
        environment.Atlas.State.AddRestoreJob(DemoSeed.ProjectId, ExistingJob(DateTimeOffset.UtcNow.AddMinutes(-1), status: "RUNNING"));
        environment.StartOperator();

        await environment.CreateRestoreAsync("adopt", RestoreEnvironment.FlexSpec());
        var adopted = await environment.WaitForAsync("adopt", r => r.Status?.Adopted == true);

        adopted.Status!.Phase.Should().Be(RestorePhase.Running);
        adopted.Status.Job!.Id.Should().Be(ExistingJobId);
        adopted.Status.Job.Status.Should().Be("RUNNING");
        adopted.Condition(RestoreCondition.Reconciling).Status.Should().Be("True");
        adopted.Condition(RestoreCondition.Submitted).Status.Should().Be("True");

        environment.Atlas.State.AddRestoreJob(DemoSeed.ProjectId, ExistingJob(DateTimeOffset.UtcNow.AddMinutes(-1), status: null));
        var done = await environment.WaitForAsync("adopt", r => r.IsTerminal());

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Adopted.Should().BeTrue();
        done.Status.Api.Should().Be(ResolvedApi.Flex);
        done.Status.Job!.Id.Should().Be(ExistingJobId);
        done.Status.Job.Status.Should().Be("COMPLETED");
        done.Status.Job.RestoreFinishedDate.Should().NotBeNull();
        done.Status.Submission.Should().BeNull("nothing was submitted");
        done.Condition(RestoreCondition.Submitted).Reason.Should().Be(RestoreReasons.JobAdopted);
        done.Condition(RestoreCondition.Submitted).Message.Should().Contain(ExistingJobId);
        done.Condition(RestoreCondition.Ready).Status.Should().Be("True");

        var adoptedEvent = await environment.WaitForEventAsync("adopt", RestoreReasons.Adopted);
        adoptedEvent.Message.Should().Contain(ExistingJobId).And.Contain(DemoSeed.FlexTargetCluster);
        await environment.WaitForEventAsync("adopt", RestoreReasons.Completed);
        (await environment.EventsOfAsync("adopt")).Select(e => e.Reason).Should().NotContain([RestoreReasons.Submitting, RestoreReasons.Submitted]);

        environment.AttemptedPosts().Should().Be(0);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task Resubmit_posts_exactly_one_new_job_beside_the_identical_one()
    {
        environment.Atlas.State.AddRestoreJob(DemoSeed.ProjectId, ExistingJob(DateTimeOffset.UtcNow.AddHours(-1), status: "COMPLETED"));
        environment.StartOperator();

        await environment.CreateRestoreAsync("resubmit", RestoreEnvironment.FlexSpec(s => s with { ExistingJobPolicy = ExistingJobPolicy.Resubmit }));
        var done = await environment.WaitForAsync("resubmit", r => r.IsTerminal());

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Adopted.Should().BeFalse();
        done.Status.Job!.Id.Should().NotBe(ExistingJobId);
        done.Condition(RestoreCondition.Submitted).Reason.Should().Be(RestoreReasons.JobSubmitted);
        environment.AttemptedPosts().Should().Be(1);
        environment.AcceptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(2);
        environment.Atlas.State.RestoreJobs.Select(j => j.Id).Should().Contain(done.Status.Job.Id);
        (await environment.WaitForEventAsync("resubmit", RestoreReasons.Submitted)).Message.Should().Contain(done.Status.Job.Id);
    }

    [Fact]
    public async Task A_job_of_another_snapshot_onto_the_same_target_is_not_adopted()
    {
        environment.Atlas.State.AddRestoreJob(DemoSeed.ProjectId,
            ExistingJob(DateTimeOffset.UtcNow.AddHours(-1), status: "COMPLETED") with { SnapshotId = DemoSeed.OlderFlexSnapshotId });
        environment.StartOperator();

        await environment.CreateRestoreAsync("other-snapshot", RestoreEnvironment.FlexSpec());
        var done = await environment.WaitForAsync("other-snapshot", r => r.IsTerminal());

        done.Status!.Adopted.Should().BeFalse();
        done.Status.Job!.Id.Should().NotBe(ExistingJobId);
        environment.AcceptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(2);
    }

    private static SeedRestoreJob ExistingJob(DateTimeOffset scheduled, string? status) => new()
    {
        Id = ExistingJobId,
        ClusterName = DemoSeed.FlexSourceCluster,
        SnapshotId = DemoSeed.FlexSnapshotId,
        TargetDeploymentItemName = DemoSeed.FlexTargetCluster,
        RestoreScheduledDate = scheduled,
        Status = status,
    };
}
