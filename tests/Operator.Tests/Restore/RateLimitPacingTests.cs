using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

/// <summary>
/// A pass that would stall on its project's client-side limiter is put back in the queue instead, so a worker is never
/// parked on one busy project while objects of other projects wait, and no pass stops halfway having spent permits.
/// </summary>
public sealed class RateLimitPacingTests
{
    private readonly RestoreScenario scenario = new();

    [Fact]
    public async Task A_submission_starts_only_when_the_project_has_permits_for_all_its_calls()
    {
        scenario.Apply();
        scenario.Atlas.LimiterBusyFor = _ => TimeSpan.FromSeconds(3);

        var result = await scenario.ReconcileAsync();

        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(3));
        scenario.Atlas.Calls.Should().BeEmpty("no Atlas call is made when the pass could not finish its calls without waiting");
        scenario.Atlas.PermitQuestions.Should().Equal((RestoreScenario.SourceProject, 5));
        scenario.Current.Status?.Submission.Should().BeNull("no intent is written while the project is busy");
        scenario.Events.Events.Should().BeEmpty();

        scenario.Atlas.LimiterBusyFor = _ => TimeSpan.Zero;
        scenario.Time.Advance(TimeSpan.FromSeconds(3));
        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Job!.Id.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_poll_waits_for_one_permit_and_writes_nothing_meanwhile()
    {
        scenario.Atlas.NewJobScript = ["RUNNING", "COMPLETED"];
        scenario.Apply();
        var submitted = await scenario.ReconcileAsync();
        scenario.Time.Advance(submitted.RequeueAfter!.Value);
        var writes = scenario.Store.StatusWrites.Count;
        var calls = scenario.Atlas.Calls.Count;
        scenario.Atlas.LimiterBusyFor = _ => TimeSpan.FromSeconds(0.7);

        var result = await scenario.ReconcileAsync();

        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(0.7));
        scenario.Atlas.PermitQuestions[^1].Should().Be((RestoreScenario.SourceProject, 1));
        scenario.Atlas.Calls.Should().HaveCount(calls);
        scenario.Store.StatusWrites.Should().HaveCount(writes);

        scenario.Atlas.LimiterBusyFor = _ => TimeSpan.Zero;
        scenario.Time.Advance(TimeSpan.FromSeconds(0.7));
        await scenario.RunUntilDoneAsync();
        scenario.Status.Phase.Should().Be(RestorePhase.Completed);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task A_read_the_client_deferred_requeues_after_its_wait_with_nothing_written()
    {
        scenario.Apply();
        scenario.Atlas.FailNext("GetSnapshot", new AtlasRequestDeferredException("getFlexBackupSnapshot", RestoreScenario.SourceProject, TimeSpan.FromSeconds(2.5)));

        var result = await scenario.ReconcileAsync();

        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(2.5));
        scenario.Atlas.Posts.Should().Be(0);
        scenario.Current.Status?.Submission.Should().BeNull();
        scenario.Current.Status?.Conditions.Should().BeNullOrEmpty("a limiter wait is no failure to report");
        scenario.Events.Events.Should().BeEmpty();

        scenario.Time.Advance(TimeSpan.FromSeconds(2.5));
        await scenario.RunUntilDoneAsync();
        scenario.Status.Phase.Should().Be(RestorePhase.Completed);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task A_submission_proven_lost_is_settled_in_the_status_so_a_busy_limiter_cannot_send_it_round_the_proof_again()
    {
        // Regression: the proof (two empty listings) used permits, the new submission then found too few and was
        // requeued with the old intent still there, so every pass proved the loss again and never posted (fault matrix, 503s).
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, AtlasErrors.Ambiguous(503));
        scenario.Apply();
        var grace = scenario.Options.AmbiguousOutcomeGracePeriod;
        (await scenario.ReconcileAsync()).RequeueAfter.Should().Be(grace);
        scenario.Time.Advance(grace);
        (await scenario.ReconcileAsync()).RequeueAfter.Should().Be(grace, "the first empty listing");
        scenario.Time.Advance(grace);
        scenario.Atlas.LimiterBusyFor = calls => calls > 2 ? TimeSpan.FromSeconds(4) : TimeSpan.Zero;

        var proven = await scenario.ReconcileAsync();

        proven.RequeueAfter.Should().Be(TimeSpan.FromSeconds(4));
        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Submission.Should().BeNull("the lost attempt is settled in the status");
        scenario.Status.Phase.Should().Be(RestorePhase.Pending);
        scenario.Condition("Ready").Reason.Should().Be(RestoreReasons.SubmissionNotFound);
        var listings = scenario.Atlas.CallsOf("ListRestoreJobs");

        scenario.Atlas.LimiterBusyFor = _ => TimeSpan.Zero;
        scenario.Time.Advance(TimeSpan.FromSeconds(4));
        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(2);
        scenario.Atlas.CallsOf("ListRestoreJobs").Should().Be(listings + 1, "only the dedupe listing of a fresh submission, no second proof");
        scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Should().ContainSingle();
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
    }
}
