using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// What a user sees when the restore cannot be done as written: phase Failed, Stalled=True with reason
/// PreflightFailed, Ready=False with the specific cause as its reason (as the Warning event), a message naming the
/// thing that is wrong, and no POST.
/// </summary>
public sealed class PreflightFailureTests : IAsyncLifetime
{
    private const string UnknownProjectId = "0000000000000000000000aa";
    private const string MissingSnapshotId = "6650a1b2c3d4e5f6a7b8dfff";
    private const string RunningSnapshotId = "6650a1b2c3d4e5f6a7b8d0ff";

    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync()
    {
        environment = await RestoreEnvironment.StartAsync();
        environment.StartOperator();
    }

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task An_unknown_source_cluster_fails_naming_the_cluster()
    {
        var failed = await ExpectPreflightFailureAsync("no-source", RestoreEnvironment.FlexSpec(s => s with { ClusterName = "no-such-source" }),
            RestoreReasons.ClusterNotFound, DemoSeed.FlexTargetCluster);

        failed.Message.Should().Contain("Source cluster no-such-source").And.Contain(DemoSeed.ProjectId);
    }

    [Fact]
    public async Task An_unknown_target_cluster_fails_naming_the_target()
    {
        var failed = await ExpectPreflightFailureAsync("no-target", RestoreEnvironment.FlexSpec(s => s with { TargetDeploymentItemName = "no-such-target" }),
            RestoreReasons.ClusterNotFound, "no-such-target");

        failed.Message.Should().Contain("Target cluster no-such-target").And.Contain(DemoSeed.ProjectId);
    }

    [Fact]
    public async Task A_missing_snapshot_fails_naming_the_snapshot()
    {
        var failed = await ExpectPreflightFailureAsync("no-snapshot", RestoreEnvironment.FlexSpec(s => s with { SnapshotId = MissingSnapshotId }),
            RestoreReasons.SnapshotNotFound, DemoSeed.FlexTargetCluster);

        failed.Message.Should().Contain(MissingSnapshotId).And.Contain(DemoSeed.FlexSourceCluster);
    }

    [Fact]
    public async Task A_snapshot_not_completed_fails_naming_its_state()
    {
        environment.Atlas.State.AddSnapshot(DemoSeed.ProjectId, DemoSeed.FlexSourceCluster, new SeedSnapshot
        {
            Id = RunningSnapshotId,
            Status = "RUNNING",
            MongoDBVersion = "8.0.4",
            ScheduledTime = DateTimeOffset.UtcNow.AddMinutes(-1),
        });

        var failed = await ExpectPreflightFailureAsync("running-snapshot", RestoreEnvironment.FlexSpec(s => s with { SnapshotId = RunningSnapshotId }),
            RestoreReasons.SnapshotNotCompleted, DemoSeed.FlexTargetCluster);

        failed.Message.Should().Contain(RunningSnapshotId).And.Contain("RUNNING").And.Contain("COMPLETED");
    }

    [Fact]
    public async Task A_target_on_another_major_version_fails_naming_both_versions()
    {
        var failed = await ExpectPreflightFailureAsync("old-target",
            RestoreEnvironment.FlexSpec(s => s with { TargetDeploymentItemName = DemoSeed.OldVersionFlexTargetCluster }),
            RestoreReasons.VersionMismatch, DemoSeed.OldVersionFlexTargetCluster);

        failed.Message.Should().Contain(DemoSeed.OldVersionFlexTargetCluster).And.Contain("MongoDB 7").And.Contain("MongoDB 8");
    }

    [Fact]
    public async Task A_target_with_encryption_at_rest_fails_naming_the_provider()
    {
        var failed = await ExpectPreflightFailureAsync("encrypted-target",
            RestoreEnvironment.FlexSpec(s => s with { TargetDeploymentItemName = DemoSeed.EncryptedTargetCluster }),
            RestoreReasons.EncryptionAtRest, DemoSeed.EncryptedTargetCluster);

        failed.Message.Should().Contain(DemoSeed.EncryptedTargetCluster).And.Contain("encryption at rest").And.Contain("AWS");
    }

    [Fact]
    public async Task An_unknown_project_fails_naming_the_project()
    {
        var failed = await ExpectPreflightFailureAsync("no-project", RestoreEnvironment.FlexSpec(s => s with { ProjectId = UnknownProjectId }),
            RestoreReasons.ProjectNotFound, DemoSeed.FlexTargetCluster, targetProjectId: UnknownProjectId);

        failed.Message.Should().Contain(UnknownProjectId);
    }

    /// <summary>Applies the restore and checks everything a failed preflight shows; returns the Stalled condition (its message is Ready's).</summary>
    private async Task<RestoreCondition> ExpectPreflightFailureAsync(
        string name, AtlasSharedRestoreSpec spec, string cause, string target, string? targetProjectId = null)
    {
        await environment.CreateRestoreAsync(name, spec);
        var failed = await environment.WaitForAsync(name, r => r.IsTerminal());

        failed.Status!.Phase.Should().Be(RestorePhase.Failed);
        failed.Status.Job.Should().BeNull();
        failed.Status.Submission.Should().BeNull();
        failed.Status.ObservedGeneration.Should().Be(failed.Metadata.Generation);
        var stalled = failed.Condition(RestoreCondition.Stalled);
        stalled.Status.Should().Be("True");
        stalled.Reason.Should().Be(RestoreReasons.PreflightFailed);
        stalled.ObservedGeneration.Should().Be(failed.Metadata.Generation);
        var ready = failed.Condition(RestoreCondition.Ready);
        ready.Status.Should().Be("False");
        ready.Reason.Should().Be(cause, "Ready names the check that failed");
        ready.Message.Should().Be(stalled.Message);
        failed.Condition(RestoreCondition.Reconciling).Status.Should().Be("False");
        failed.Condition(RestoreCondition.Submitted).Status.Should().Be("False");
        failed.Condition(RestoreCondition.Submitted).Reason.Should().Be(RestoreReasons.NotSubmitted);

        var warning = await environment.WaitForEventAsync(name, cause);
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Be(stalled.Message);

        environment.AttemptedPosts().Should().Be(0);
        environment.JobsFor(target, targetProjectId).Should().Be(0);
        await environment.AssertNoSecretsLeakedAsync(name);
        return stalled;
    }
}
