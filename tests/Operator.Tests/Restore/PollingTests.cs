using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

public sealed class PollingTests
{
    private readonly RestoreScenario scenario = new();

    [Fact]
    public async Task Polling_backs_off_10_20_40_60_60_seconds()
    {
        scenario.Atlas.NewJobScript = ["QUEUED", "RUNNING", "RUNNING", "RUNNING", "RUNNING", "COMPLETED"];
        scenario.Apply();
        var delays = new List<TimeSpan>();

        var result = await scenario.ReconcileAsync();
        while (result.RequeueAfter is { } delay)
        {
            delays.Add(delay);
            scenario.Time.Advance(delay);
            result = await scenario.ReconcileAsync();
        }

        delays.Select(d => d.TotalSeconds).Should().Equal(10, 20, 40, 60, 60, 60);
        scenario.Status.Phase.Should().Be(RestorePhase.Completed);
        scenario.Atlas.CallsOf("GetRestoreJob").Should().Be(6);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task The_poll_intervals_follow_the_options()
    {
        scenario.Options = scenario.Options with { PollInitialInterval = TimeSpan.FromSeconds(5), PollMaxInterval = TimeSpan.FromSeconds(15) };
        scenario.Atlas.NewJobScript = ["RUNNING"];
        scenario.Apply();
        var delays = new List<double>();

        var result = await scenario.ReconcileAsync();
        for (var i = 0; i < 4; i++)
        {
            delays.Add(result.RequeueAfter!.Value.TotalSeconds);
            scenario.Time.Advance(result.RequeueAfter!.Value);
            result = await scenario.ReconcileAsync();
        }

        delays.Should().Equal(5, 10, 15, 15);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task The_status_is_written_only_when_the_job_changed()
    {
        scenario.Atlas.NewJobScript = ["PENDING", "PENDING", "RUNNING"];
        scenario.Apply();
        var result = await scenario.ReconcileAsync();
        var writes = scenario.Store.StatusWrites.Count;

        scenario.Time.Advance(result.RequeueAfter!.Value);
        result = await scenario.ReconcileAsync();
        scenario.Time.Advance(result.RequeueAfter!.Value);
        result = await scenario.ReconcileAsync();

        scenario.Store.StatusWrites.Count.Should().Be(writes, "two polls saw PENDING, as already recorded");

        scenario.Time.Advance(result.RequeueAfter!.Value);
        await scenario.ReconcileAsync();

        scenario.Store.StatusWrites.Count.Should().Be(writes + 1);
        scenario.Status.Job!.Status.Should().Be("RUNNING");
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task Condition_transition_times_move_only_when_a_condition_flips()
    {
        scenario.Atlas.NewJobScript = ["QUEUED", "RUNNING", "COMPLETED"];
        scenario.Apply();
        var result = await scenario.ReconcileAsync();
        var submittedAt = scenario.Condition(RestoreCondition.Submitted).LastTransitionTime;
        var reconcilingAt = scenario.Condition(RestoreCondition.Reconciling).LastTransitionTime;

        scenario.Time.Advance(result.RequeueAfter!.Value);
        result = await scenario.ReconcileAsync(); // QUEUED: message changes, statuses do not

        scenario.Condition(RestoreCondition.Reconciling).LastTransitionTime.Should().Be(reconcilingAt);
        scenario.Condition(RestoreCondition.Reconciling).Message.Should().Contain("QUEUED");

        await scenario.RunUntilDoneAsync();

        scenario.Condition(RestoreCondition.Submitted).LastTransitionTime.Should().Be(submittedAt);
        scenario.Condition(RestoreCondition.Ready).LastTransitionTime.Should().Be(scenario.Time.GetUtcNow());
        scenario.Condition(RestoreCondition.Reconciling).LastTransitionTime.Should().Be(scenario.Time.GetUtcNow());
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task A_failed_Atlas_job_fails_the_restore_for_good()
    {
        scenario.Atlas.NewJobScript = ["RUNNING", "FAILED"];
        scenario.Apply();

        var last = await scenario.RunUntilDoneAsync();

        last.Should().Be(ReconcileResult.Done);
        scenario.Status.Phase.Should().Be(RestorePhase.Failed);
        scenario.Status.CompletionTime.Should().BeNull();
        var stalled = scenario.Condition(RestoreCondition.Stalled);
        stalled.Status.Should().Be("True");
        stalled.Reason.Should().Be(RestoreReasons.RestoreFailed);
        scenario.Condition(RestoreCondition.Ready).Status.Should().Be("False");
        scenario.Events.Events.Should().Contain(e => e.Reason == RestoreReasons.Failed && e.Type == EventType.Warning);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task A_completed_object_makes_no_calls_no_writes_and_is_not_requeued()
    {
        scenario.Apply();
        await scenario.RunUntilDoneAsync();
        scenario.Status.Phase.Should().Be(RestorePhase.Completed);
        var calls = scenario.Atlas.Calls.Count;
        var writes = scenario.Store.StatusWrites.Count;
        var patches = scenario.Store.FinalizerPatches;

        var result = await scenario.NewReconciler().ReconcileAsync(scenario.Key, CancellationToken.None);

        result.Should().Be(ReconcileResult.Done);
        scenario.Atlas.Calls.Count.Should().Be(calls);
        scenario.Store.StatusWrites.Count.Should().Be(writes);
        scenario.Store.FinalizerPatches.Should().Be(patches);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task A_poll_without_a_definite_answer_keeps_the_job_and_polls_again()
    {
        scenario.Apply();
        var result = await scenario.ReconcileAsync();
        scenario.Atlas.FailNext("GetRestoreJob", AtlasErrors.Ambiguous(502));
        scenario.Time.Advance(result.RequeueAfter!.Value);

        result = await scenario.ReconcileAsync();

        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(20));
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task A_missing_object_is_done()
    {
        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.Done);
        scenario.Atlas.Calls.Should().BeEmpty();
        scenario.Atlas.Posts.Should().Be(0);
    }

    [Fact]
    public async Task Credentials_revoked_while_a_job_runs_stall_the_restore_without_losing_the_job()
    {
        scenario.Apply();
        var result = await scenario.ReconcileAsync();
        scenario.Atlas.FailNext("GetRestoreJob", AtlasErrors.Rejected(401, "UNAUTHORIZED", "Unauthorized."));
        scenario.Time.Advance(result.RequeueAfter!.Value);

        result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.After(scenario.Options.NeedsAttentionRetryInterval));
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
        scenario.Status.Job!.Id.Should().NotBeNull();
        scenario.Condition(RestoreCondition.Stalled).Reason.Should().Be(RestoreReasons.Unauthorized);
        scenario.Condition(RestoreCondition.Submitted).Status.Should().Be("True");

        scenario.Time.Advance(result.RequeueAfter!.Value);
        await scenario.RunUntilDoneAsync();

        scenario.Status.Phase.Should().Be(RestorePhase.Completed);
        scenario.Condition(RestoreCondition.Stalled).Status.Should().Be("False");
        scenario.Atlas.Posts.Should().Be(1);
    }
}
