using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

public sealed class SubmissionTests
{
    private readonly RestoreScenario scenario = new();

    [Fact]
    public async Task The_finalizer_is_added_before_any_Atlas_call()
    {
        scenario.Apply();

        await scenario.ReconcileAsync();

        var journal = scenario.Journal.Entries;
        var finalizer = journal.ToList().IndexOf("kube:finalizers");
        var firstAtlas = journal.ToList().FindIndex(e => e.StartsWith("atlas:", StringComparison.Ordinal));
        finalizer.Should().BeGreaterThanOrEqualTo(0);
        firstAtlas.Should().BeGreaterThan(finalizer);
        scenario.Current.Metadata.Finalizers.Should().Contain(AtlasSharedRestore.Finalizer);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task Flex_happy_path_posts_once_and_mirrors_the_job_until_completed()
    {
        scenario.Apply(s => s with { Api = RestoreApi.Flex });

        var first = await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        scenario.Atlas.Calls.Single(c => c.Operation == FakeAtlas.CreateOperation).Family.Should().Be(AtlasApiFamily.Flex);
        first.RequeueAfter.Should().Be(TimeSpan.FromSeconds(10));
        var status = scenario.Status;
        status.Phase.Should().Be(RestorePhase.Running);
        status.Api.Should().Be(ResolvedApi.Flex);
        status.Adopted.Should().BeFalse();
        status.StartTime.Should().Be(scenario.Time.GetUtcNow());
        status.Submission!.Holder.Should().Be(RestoreScenario.Identity);
        var job = scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Single();
        status.Job!.Id.Should().Be(job.Id);
        status.Job.Status.Should().Be("PENDING");
        status.Job.SnapshotId.Should().Be(RestoreScenario.SnapshotId);
        status.Job.TargetDeploymentItemName.Should().Be(RestoreScenario.TargetCluster);
        status.Job.RestoreScheduledDate.Should().Be(job.RestoreScheduledDate);
        status.Job.ExpirationDate.Should().Be(job.ExpirationDate);
        scenario.Condition(RestoreCondition.Submitted).Status.Should().Be("True");
        scenario.Condition(RestoreCondition.Reconciling).Status.Should().Be("True");
        scenario.Condition(RestoreCondition.Ready).Status.Should().Be("False");
        scenario.Events.Reasons.Should().ContainInOrder(RestoreReasons.Submitting, RestoreReasons.Submitted);

        var last = await scenario.RunUntilDoneAsync();

        last.Should().Be(ReconcileResult.Done);
        scenario.Atlas.Posts.Should().Be(1);
        status = scenario.Status;
        status.Phase.Should().Be(RestorePhase.Completed);
        status.Job!.Status.Should().Be("COMPLETED");
        status.Job.RestoreFinishedDate.Should().NotBeNull();
        status.CompletionTime.Should().Be(status.Job.RestoreFinishedDate);
        scenario.Condition(RestoreCondition.Ready).Status.Should().Be("True");
        scenario.Condition(RestoreCondition.Reconciling).Status.Should().Be("False");
        scenario.Condition(RestoreCondition.Stalled).Status.Should().Be("False");
        scenario.Events.Reasons.Should().Contain(RestoreReasons.Completed);
    }

    [Fact]
    public async Task Tenant_happy_path_uses_the_tenant_endpoints()
    {
        scenario.Atlas.AddTenantCluster(RestoreScenario.SourceProject, "old-m5", "7.0.12");
        scenario.Atlas.AddSnapshot(RestoreScenario.SourceProject, "old-m5", RestoreScenario.SnapshotId, "COMPLETED", "7.0.12");
        scenario.Atlas.AddDedicatedCluster(RestoreScenario.SourceProject, "target-m10", "7.0");
        scenario.Apply(s => s with { Api = RestoreApi.Tenant, ClusterName = "old-m5", TargetDeploymentItemName = "target-m10" });

        var last = await scenario.RunUntilDoneAsync();

        last.Should().Be(ReconcileResult.Done);
        scenario.Atlas.Posts.Should().Be(1);
        scenario.Atlas.Calls.Single(c => c.Operation == FakeAtlas.CreateOperation).Family.Should().Be(AtlasApiFamily.Tenant);
        scenario.Status.Api.Should().Be(ResolvedApi.Tenant);
        scenario.Status.Phase.Should().Be(RestorePhase.Completed);
    }

    [Fact]
    public async Task Auto_picks_Flex_for_a_Flex_source_cluster()
    {
        scenario.Apply();

        await scenario.ReconcileAsync();

        scenario.Status.Api.Should().Be(ResolvedApi.Flex);
        scenario.Atlas.Calls.First().Should().Be(new AtlasCall("GetFlexCluster", AtlasApiFamily.Flex, RestoreScenario.SourceProject, RestoreScenario.SourceCluster));
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task Auto_falls_back_to_Tenant_when_the_Flex_API_says_the_cluster_is_not_Flex()
    {
        scenario.Atlas.AddTenantCluster(RestoreScenario.SourceProject, "old-m2", "8.0.3");
        scenario.Atlas.AddSnapshot(RestoreScenario.SourceProject, "old-m2", RestoreScenario.SnapshotId, "COMPLETED", "8.0.3");
        scenario.Apply(s => s with { ClusterName = "old-m2" });

        await scenario.ReconcileAsync();

        scenario.Status.Api.Should().Be(ResolvedApi.Tenant);
        scenario.Atlas.Calls.Single(c => c.Operation == FakeAtlas.CreateOperation).Family.Should().Be(AtlasApiFamily.Tenant);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task The_recorded_api_is_never_changed_by_later_passes()
    {
        scenario.Atlas.AddTenantCluster(RestoreScenario.SourceProject, "old-m2", "8.0.3");
        scenario.Atlas.AddSnapshot(RestoreScenario.SourceProject, "old-m2", RestoreScenario.SnapshotId, "COMPLETED", "8.0.3");
        scenario.Apply(s => s with { ClusterName = "old-m2" });
        await scenario.ReconcileAsync();
        var flexLookups = scenario.Atlas.CallsOf("GetFlexCluster");

        await scenario.RunUntilDoneAsync();

        scenario.Status.Api.Should().Be(ResolvedApi.Tenant);
        scenario.Atlas.CallsOf("GetFlexCluster").Should().Be(flexLookups, "a recorded api is not resolved again");
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Theory]
    [InlineData(TenantEndpointMode.Gone)]
    [InlineData(TenantEndpointMode.NotFound)]
    public async Task A_retired_tenant_endpoint_fails_with_a_message_pointing_at_api_Flex(TenantEndpointMode mode)
    {
        scenario.Atlas.TenantMode = mode;
        scenario.Atlas.AddTenantCluster(RestoreScenario.SourceProject, "old-m5", "8.0.3");
        scenario.Apply(s => s with { Api = RestoreApi.Tenant, ClusterName = "old-m5" });

        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.Done);
        scenario.Atlas.Posts.Should().Be(0);
        scenario.Status.Phase.Should().Be(RestorePhase.Failed);
        var stalled = scenario.Condition(RestoreCondition.Stalled);
        stalled.Status.Should().Be("True");
        stalled.Reason.Should().Be(RestoreReasons.TenantApiRetired);
        stalled.Message.Should().Contain("2026-01-22").And.Contain("api: Flex");
    }

    [Fact]
    public async Task Adopt_takes_over_an_identical_job_already_in_Atlas_without_posting()
    {
        var existing = scenario.Atlas.AddExistingJob(RestoreScenario.SourceProject, RestoreScenario.SourceCluster, RestoreScenario.SnapshotId,
            RestoreScenario.TargetCluster, targetProjectId: null, "RUNNING", scenario.Time.GetUtcNow().AddHours(-1));
        scenario.Apply(s => s with { TargetProjectId = RestoreScenario.SourceProject });

        var result = await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(0);
        scenario.Status.Job!.Id.Should().Be(existing.Id);
        scenario.Status.Adopted.Should().BeTrue();
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
        scenario.Condition(RestoreCondition.Submitted).Reason.Should().Be(RestoreReasons.JobAdopted);
        scenario.Condition(RestoreCondition.Submitted).Message.Should().Be($"Adopted the existing Atlas restore job {existing.Id} instead of submitting another.");
        scenario.Events.Reasons.Should().Contain(RestoreReasons.Adopted).And.NotContain(RestoreReasons.Submitting);
        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Adopt_ignores_jobs_for_another_snapshot_target_or_delivery_type()
    {
        var at = scenario.Time.GetUtcNow().AddHours(-1);
        scenario.Atlas.AddExistingJob(RestoreScenario.SourceProject, RestoreScenario.SourceCluster, "aaaaaaaaaaaaaaaaaaaaaaaa", RestoreScenario.TargetCluster, null, "COMPLETED", at);
        scenario.Atlas.AddExistingJob(RestoreScenario.SourceProject, RestoreScenario.SourceCluster, RestoreScenario.SnapshotId, "other-target", null, "COMPLETED", at);
        scenario.Atlas.AddExistingJob(RestoreScenario.SourceProject, RestoreScenario.SourceCluster, RestoreScenario.SnapshotId, RestoreScenario.TargetCluster,
            RestoreScenario.OtherProject, "COMPLETED", at);
        scenario.Atlas.AddExistingJob(RestoreScenario.SourceProject, RestoreScenario.SourceCluster, RestoreScenario.SnapshotId, RestoreScenario.TargetCluster,
            null, "COMPLETED", at, deliveryType: "DOWNLOAD");
        scenario.Apply();

        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Adopted.Should().BeFalse();
    }

    [Fact]
    public async Task Resubmit_posts_even_when_an_identical_job_exists()
    {
        scenario.Atlas.AddExistingJob(RestoreScenario.SourceProject, RestoreScenario.SourceCluster, RestoreScenario.SnapshotId,
            RestoreScenario.TargetCluster, null, "COMPLETED", scenario.Time.GetUtcNow().AddDays(-1));
        scenario.Apply(s => s with { ExistingJobPolicy = ExistingJobPolicy.Resubmit });

        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        scenario.Atlas.CallsOf("ListRestoreJobs").Should().Be(0);
        scenario.Status.Adopted.Should().BeFalse();
        scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_definite_rejection_of_the_POST_fails_the_restore_and_clears_the_intent()
    {
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, AtlasErrors.Rejected(400, "INVALID_PARAMETER", "Target cluster is busy."));
        scenario.Apply();

        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.Done);
        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Phase.Should().Be(RestorePhase.Failed);
        scenario.Status.Submission.Should().BeNull();
        scenario.Status.Job.Should().BeNull();
        scenario.Condition(RestoreCondition.Stalled).Reason.Should().Be(RestoreReasons.SubmissionRejected);
        scenario.Condition(RestoreCondition.Stalled).Message.Should().Contain("HTTP 400").And.Contain("Target cluster is busy");
    }

    [Fact]
    public async Task A_409_on_the_POST_waits_for_a_person_or_a_later_retry_and_clears_the_intent()
    {
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, AtlasErrors.Rejected(409, "RESTORE_IN_PROGRESS", "A restore is already running on the target."));
        scenario.Apply();

        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.After(scenario.Options.NeedsAttentionRetryInterval));
        scenario.Status.Phase.Should().Be(RestorePhase.Pending);
        scenario.Status.Submission.Should().BeNull();
        scenario.Condition(RestoreCondition.Stalled).Message.Should().Contain("HTTP 409");

        scenario.Time.Advance(result.RequeueAfter!.Value);
        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(2);
        scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Should().ContainSingle();
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
    }

    [Fact]
    public async Task A_rate_limited_POST_waits_for_Retry_After_and_then_posts_again()
    {
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, AtlasErrors.Rejected(429, "RATE_LIMITED_TOKEN_BUCKET", "Rate limit exceeded.", TimeSpan.FromSeconds(55)));
        scenario.Apply();

        var result = await scenario.ReconcileAsync();

        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(55));
        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Phase.Should().Be(RestorePhase.Pending);
        scenario.Status.Submission.Should().BeNull();
        scenario.Condition(RestoreCondition.Reconciling).Status.Should().Be("True");

        scenario.Time.Advance(TimeSpan.FromSeconds(55));
        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(2);
        scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Should().ContainSingle();
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
    }

    [Fact]
    public async Task A_conflict_when_recording_the_job_is_retried_onto_a_fresh_read()
    {
        scenario.Apply();
        scenario.Store.ConflictOnStatusWriteAttempts(2, 3); // attempt 1 is the intent; 2 and 3 record the job

        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
        scenario.Status.Job!.Id.Should().Be(scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Single().Id);
    }

    [Fact]
    public async Task A_job_whose_status_write_never_lands_is_found_by_the_next_pass_without_a_second_POST()
    {
        scenario.Apply();
        scenario.Store.ConflictOnStatusWriteAttempts(2, 3, 4, 5, 6);

        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.After(TimeSpan.Zero));
        scenario.Status.Phase.Should().Be(RestorePhase.Submitting);
        scenario.Status.Job.Should().BeNull();

        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
        scenario.Status.Adopted.Should().BeTrue("the id recorded is the one found by listing, the POST answer was never stored");
        scenario.Events.Reasons.Should().Contain(RestoreReasons.Adopted);
    }
}
