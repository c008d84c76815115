using System.Text.Json;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

/// <summary>Every failure before the POST: a clear condition (Stalled with the group, Ready with the cause), an event, and no POST.</summary>
public sealed class FailureReasonTests
{
    private readonly RestoreScenario scenario = new();

    public static TheoryData<string, RestorePhase, string, string> Cases => new()
    {
        { "missing secret", RestorePhase.Pending, RestoreReasons.SecretNotFound, RestoreReasons.SecretNotFound },
        { "no secret configured", RestorePhase.Pending, RestoreReasons.SecretNotFound, RestoreReasons.SecretNotFound },
        { "mixed keys", RestorePhase.Pending, RestoreReasons.InvalidCredentials, RestoreReasons.InvalidCredentials },
        { "missing key", RestorePhase.Pending, RestoreReasons.InvalidCredentials, RestoreReasons.InvalidCredentials },
        { "401", RestorePhase.Pending, RestoreReasons.Unauthorized, RestoreReasons.Unauthorized },
        { "403", RestorePhase.Pending, RestoreReasons.Forbidden, RestoreReasons.Forbidden },
        { "unknown source cluster", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.ClusterNotFound },
        { "unknown target cluster", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.ClusterNotFound },
        { "unknown project", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.ProjectNotFound },
        { "unknown target project", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.ProjectNotFound },
        { "missing snapshot", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.SnapshotNotFound },
        { "snapshot not completed", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.SnapshotNotCompleted },
        { "expired snapshot", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.SnapshotExpired },
        { "version mismatch", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.VersionMismatch },
        { "dedicated version mismatch", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.VersionMismatch },
        { "encryption at rest", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.EncryptionAtRest },
        { "invalid spec", RestorePhase.Failed, RestoreReasons.InvalidSpec, RestoreReasons.InvalidSpec },
        { "api Flex on a non-Flex cluster", RestorePhase.Failed, RestoreReasons.PreflightFailed, RestoreReasons.NotFlexCluster },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_failure_sets_a_clear_condition_records_an_event_and_posts_nothing(
        string failureCase, RestorePhase phase, string conditionReason, string eventReason)
    {
        Arrange(failureCase);

        var result = await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(0);
        var status = scenario.Status;
        status.Phase.Should().Be(phase);
        status.Submission.Should().BeNull();
        var stalled = scenario.Condition(RestoreCondition.Stalled);
        stalled.Status.Should().Be("True");
        stalled.Reason.Should().Be(conditionReason);
        stalled.ObservedGeneration.Should().Be(1);
        stalled.Message.Should().EndWith(".").And.NotContain(RestoreScenario.PrivateKey);
        var ready = scenario.Condition(RestoreCondition.Ready);
        ready.Status.Should().Be("False");
        ready.Reason.Should().Be(eventReason, "Ready names the specific cause even where Stalled names its group");
        ready.Message.Should().Be(stalled.Message);
        scenario.Condition(RestoreCondition.Reconciling).Status.Should().Be("False");
        scenario.Condition(RestoreCondition.Submitted).Status.Should().Be("False");
        var warning = scenario.Events.Events.Should().ContainSingle().Subject;
        warning.Type.Should().Be(EventType.Warning);
        warning.Reason.Should().Be(eventReason);
        warning.Message.Should().Be(stalled.Message);
        JsonSerializer.Serialize(status, EntitiesJsonContext.Default.AtlasSharedRestoreStatus).Should().NotContain(RestoreScenario.PrivateKey);
        result.Should().Be(phase == RestorePhase.Failed ? ReconcileResult.Done : ReconcileResult.After(scenario.Options.NeedsAttentionRetryInterval));
    }

    [Fact]
    public async Task Fixing_a_missing_Secret_is_picked_up_by_the_slow_retry()
    {
        Arrange("missing secret");
        var first = await scenario.ReconcileAsync();
        scenario.Secrets.Put(RestoreScenario.Namespace, RestoreScenario.SecretName, ("clientId", "mdb_sa_id"), ("clientSecret", "mdb_sa_sk_secret"));

        scenario.Time.Advance(first.RequeueAfter!.Value);
        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
        scenario.Condition(RestoreCondition.Stalled).Status.Should().Be("False");
    }

    [Fact]
    public async Task A_repeated_failure_does_not_rewrite_the_status_or_repeat_the_event()
    {
        Arrange("401");
        scenario.Atlas.FailNext("GetFlexCluster", AtlasErrors.Rejected(401, "UNAUTHORIZED", "You are not authorized for this resource."));
        var first = await scenario.ReconcileAsync();
        var writes = scenario.Store.StatusWrites.Count;

        scenario.Time.Advance(first.RequeueAfter!.Value);
        await scenario.ReconcileAsync();

        scenario.Store.StatusWrites.Count.Should().Be(writes);
        scenario.Events.Events.Should().ContainSingle();
        scenario.Atlas.Posts.Should().Be(0);
    }

    [Fact]
    public async Task A_failed_object_is_never_requeued_or_touched_again()
    {
        Arrange("missing snapshot");
        await scenario.ReconcileAsync();
        var calls = scenario.Atlas.Calls.Count;
        var writes = scenario.Store.StatusWrites.Count;

        var again = await scenario.ReconcileAsync();

        again.Should().Be(ReconcileResult.Done);
        scenario.Atlas.Calls.Count.Should().Be(calls);
        scenario.Store.StatusWrites.Count.Should().Be(writes);
        scenario.Atlas.Posts.Should().Be(0);
    }

    private void Arrange(string failureCase)
    {
        const string source = RestoreScenario.SourceProject;
        switch (failureCase)
        {
            case "missing secret":
                scenario.Secrets.Remove(RestoreScenario.Namespace, RestoreScenario.SecretName);
                scenario.Apply();
                break;
            case "no secret configured":
                scenario.Apply(s => s with { ConnectionSecretRef = null });
                break;
            case "mixed keys":
                scenario.Secrets.Put(RestoreScenario.Namespace, RestoreScenario.SecretName,
                    ("publicApiKey", RestoreScenario.PublicKey), ("privateApiKey", RestoreScenario.PrivateKey), ("clientId", "mdb_sa_id"));
                scenario.Apply();
                break;
            case "missing key":
                scenario.Secrets.Put(RestoreScenario.Namespace, RestoreScenario.SecretName, ("publicApiKey", RestoreScenario.PublicKey));
                scenario.Apply();
                break;
            case "401":
                scenario.Atlas.FailNext("GetFlexCluster", AtlasErrors.Rejected(401, "UNAUTHORIZED", "You are not authorized for this resource."));
                scenario.Apply();
                break;
            case "403":
                scenario.Atlas.FailNext("GetFlexCluster", AtlasErrors.Rejected(403, "USER_CANNOT_ACCESS_GROUP", "Forbidden."));
                scenario.Apply();
                break;
            case "unknown source cluster":
                scenario.Apply(s => s with { ClusterName = "no-such-cluster" });
                break;
            case "unknown target cluster":
                scenario.Apply(s => s with { TargetDeploymentItemName = "no-such-target" });
                break;
            case "unknown project":
                scenario.Apply(s => s with { ProjectId = "0123456789abcdef01234567" });
                break;
            case "unknown target project":
                scenario.Apply(s => s with { TargetProjectId = RestoreScenario.OtherProject });
                break;
            case "missing snapshot":
                scenario.Apply(s => s with { SnapshotId = "0123456789abcdef01234567" });
                break;
            case "snapshot not completed":
                scenario.Atlas.AddSnapshot(source, RestoreScenario.SourceCluster, "0123456789abcdef01234567", "RUNNING", "8.0.29");
                scenario.Apply(s => s with { SnapshotId = "0123456789abcdef01234567" });
                break;
            case "expired snapshot":
                scenario.Atlas.AddSnapshot(source, RestoreScenario.SourceCluster, "0123456789abcdef01234567", "COMPLETED", "8.0.29",
                    expiration: scenario.Time.GetUtcNow().AddMinutes(-1));
                scenario.Apply(s => s with { SnapshotId = "0123456789abcdef01234567" });
                break;
            case "version mismatch":
                scenario.Atlas.AddFlexCluster(source, "target-seven", "7.0.14");
                scenario.Apply(s => s with { TargetDeploymentItemName = "target-seven" });
                break;
            case "dedicated version mismatch":
                scenario.Atlas.AddDedicatedCluster(source, "target-m10", "7.0");
                scenario.Apply(s => s with { TargetDeploymentItemName = "target-m10" });
                break;
            case "encryption at rest":
                scenario.Atlas.AddDedicatedCluster(source, "target-m10", "8.0", encryptionAtRestProvider: "AWS");
                scenario.Apply(s => s with { TargetDeploymentItemName = "target-m10" });
                break;
            case "invalid spec":
                scenario.Apply(s => s with { SnapshotId = "NOT-AN-ID" });
                break;
            case "api Flex on a non-Flex cluster":
                scenario.Atlas.AddTenantCluster(source, "old-m5", "8.0.3");
                scenario.Apply(s => s with { Api = RestoreApi.Flex, ClusterName = "old-m5" });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(failureCase), failureCase, "unknown case");
        }
    }
}
