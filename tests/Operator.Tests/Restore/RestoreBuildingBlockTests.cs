using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Restore;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

public sealed class RestoreBuildingBlockTests
{
    private static readonly AtlasSharedRestoreSpec Spec = new()
    {
        ProjectId = "32b6e34b3d91647abb20e7b8",
        ClusterName = "prod-shared",
        SnapshotId = "32b6e34b3d91647abb20e7b9",
        TargetDeploymentItemName = "staging-shared",
    };

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("32b6e34b3d91647abb20e7b8", true)]
    [InlineData("5f0c0c0c0c0c0c0c0c0c0c0c", false)]
    public void A_job_with_no_target_project_targets_the_source_project(string? jobTargetProject, bool same)
    {
        var job = new AtlasRestoreJob
        {
            Id = "6a793f812c88faeba59bc399", DeliveryType = "RESTORE", ProjectId = Spec.ProjectId, SnapshotId = Spec.SnapshotId,
            TargetDeploymentItemName = Spec.TargetDeploymentItemName, TargetProjectId = jobTargetProject,
        };

        RestoreJobMatcher.IsSameRestore(job, Spec).Should().Be(same);
        RestoreJobMatcher.IsSameRestore(job, Spec with { TargetProjectId = Spec.ProjectId }).Should().Be(same);
    }

    [Fact]
    public void The_latest_matching_job_wins()
    {
        var older = Job("6a793f812c88faeba59bc390", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var newer = Job("6a793f812c88faeba59bc391", new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

        RestoreJobMatcher.FindLatest([older, newer], Spec)!.Id.Should().Be(newer.Id);
        RestoreJobMatcher.FindLatest([older], Spec, notScheduledBefore: newer.RestoreScheduledDate).Should().BeNull();
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 20)]
    [InlineData(30, 40)]
    [InlineData(70, 60)]
    [InlineData(600, 60)]
    public void The_poll_delay_doubles_from_10_seconds_up_to_60(int elapsedSeconds, int expectedSeconds) =>
        PollSchedule.NextDelay(TimeSpan.FromSeconds(elapsedSeconds), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60))
            .Should().Be(TimeSpan.FromSeconds(expectedSeconds));

    [Theory]
    [InlineData("8.0.29", "8")]
    [InlineData("7.0", "7")]
    [InlineData("8", "8")]
    [InlineData(null, null)]
    public void The_major_version_is_the_first_component(string? version, string? major) =>
        RestorePreflight.MajorVersion(version).Should().Be(major);

    [Theory]
    [InlineData(410, "VERSION_GONE", true)]
    [InlineData(404, "RESOURCE_NOT_FOUND", true)]
    [InlineData(404, null, true)]
    [InlineData(404, "CLUSTER_NOT_FOUND", false)]
    [InlineData(400, "VALIDATION_ERROR", false)]
    public void Retired_tenant_endpoints_are_recognised(int status, string? code, bool retired) =>
        AtlasFailureTranslator.IsTenantRetired(new AtlasApiException("x", AtlasFailureKind.Rejected, status, code)).Should().Be(retired);

    [Fact]
    public void A_condition_keeps_its_transition_time_while_its_status_holds()
    {
        var t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var first = RestoreConditions.Compute(new AtlasSharedRestoreStatus(),
            new RestoreProgress(RestorePhase.Running, RestoreReasons.RestoreRunning, "Atlas restore job x is QUEUED."), 1, t0);
        var later = RestoreConditions.Compute(new AtlasSharedRestoreStatus { Conditions = first },
            new RestoreProgress(RestorePhase.Running, RestoreReasons.RestoreRunning, "Atlas restore job x is RUNNING."), 1, t0.AddMinutes(1));
        var done = RestoreConditions.Compute(new AtlasSharedRestoreStatus { Conditions = later },
            new RestoreProgress(RestorePhase.Completed, RestoreReasons.Completed, "Done."), 1, t0.AddMinutes(2));

        RestoreConditions.Find(later, RestoreCondition.Reconciling)!.LastTransitionTime.Should().Be(t0);
        RestoreConditions.Find(later, RestoreCondition.Reconciling)!.Message.Should().Contain("RUNNING");
        RestoreConditions.Find(done, RestoreCondition.Ready)!.Should().Match<RestoreCondition>(c => c.Status == "True" && c.LastTransitionTime == t0.AddMinutes(2));
        RestoreConditions.Find(done, RestoreCondition.Stalled)!.LastTransitionTime.Should().Be(t0);
        done.Select(c => c.Type).Should().Equal(RestoreCondition.Ready, RestoreCondition.Reconciling, RestoreCondition.Stalled, RestoreCondition.Submitted);
    }

    [Theory]
    [InlineData("ABC", "spec.projectId")]
    [InlineData("", "spec.projectId")]
    public void An_invalid_spec_names_the_field(string projectId, string field) =>
        RestoreSpecValidator.Validate(Spec with { ProjectId = projectId })!.Message.Should().StartWith(field);

    private static AtlasRestoreJob Job(string id, DateTimeOffset scheduled) => new()
    {
        Id = id, DeliveryType = "RESTORE", ProjectId = Spec.ProjectId, SnapshotId = Spec.SnapshotId,
        TargetDeploymentItemName = Spec.TargetDeploymentItemName, RestoreScheduledDate = scheduled,
    };
}
