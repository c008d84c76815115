using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

/// <summary>The exactly-once core: stale views, lost responses, restarts and a second operator instance.</summary>
public sealed class AmbiguousOutcomeTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private readonly RestoreScenario scenario = new();

    [Fact]
    public async Task A_conflict_on_the_intent_write_means_no_POST_and_an_immediate_fresh_look()
    {
        scenario.Apply();
        scenario.Store.ConflictOnStatusWriteAttempts(1);

        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.After(TimeSpan.Zero));
        scenario.Atlas.Posts.Should().Be(0);
        scenario.Current.Status.Should().BeNull();
    }

    [Fact]
    public async Task A_lost_response_for_a_created_job_is_adopted_and_never_posted_again()
    {
        scenario.Atlas.CreateThenLoseResponse = true;
        scenario.Apply();

        var first = await scenario.ReconcileAsync();

        first.Should().Be(ReconcileResult.After(Grace));
        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Phase.Should().Be(RestorePhase.Submitting);
        scenario.Status.Submission.Should().NotBeNull();
        scenario.Condition(RestoreCondition.Submitted).Status.Should().Be("Unknown");
        scenario.Events.Reasons.Should().Contain(RestoreReasons.SubmissionOutcomeUnknown);

        scenario.Time.Advance(Grace);
        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        var job = scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Should().ContainSingle().Subject;
        scenario.Status.Job!.Id.Should().Be(job.Id);
        scenario.Status.Adopted.Should().BeTrue("the job id was found by listing the jobs in Atlas, not read from a POST answer");
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
        var submitted = scenario.Condition(RestoreCondition.Submitted);
        submitted.Status.Should().Be("True");
        submitted.Reason.Should().Be(RestoreReasons.JobAdopted);
        submitted.Message.Should().Be($"Found Atlas restore job {job.Id} after the answer to the submission was lost, and adopted it.");
        var adopted = scenario.Events.Events.Should().ContainSingle(e => e.Reason == RestoreReasons.Adopted).Subject;
        adopted.Type.Should().Be(EventType.Normal);
        adopted.Message.Should().Contain(job.Id).And.Contain("after the answer to this object's submission was lost");
        scenario.Events.Reasons.Should().ContainInOrder(RestoreReasons.Submitting, RestoreReasons.SubmissionOutcomeUnknown, RestoreReasons.Adopted);

        await scenario.RunUntilDoneAsync();
        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Phase.Should().Be(RestorePhase.Completed);
    }

    [Fact]
    public async Task A_POST_that_never_landed_is_repeated_once_only_after_two_empty_listings_a_grace_period_apart()
    {
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, AtlasErrors.Ambiguous(503));
        scenario.Apply();

        var first = await scenario.ReconcileAsync();
        first.Should().Be(ReconcileResult.After(Grace));
        scenario.Atlas.Posts.Should().Be(1);

        // First listing: empty, so wait a grace period.
        scenario.Time.Advance(Grace);
        var second = await scenario.ReconcileAsync();
        second.Should().Be(ReconcileResult.After(Grace));
        scenario.Atlas.Posts.Should().Be(1);
        scenario.Atlas.CallsOf("ListRestoreJobs").Should().Be(2, "the dedupe listing before the POST and the first check");

        // An early look (say, a watch event) must not count as the second listing.
        scenario.Time.Advance(TimeSpan.FromSeconds(10));
        var early = await scenario.ReconcileAsync();
        early.Should().Be(ReconcileResult.After(TimeSpan.FromSeconds(20)));
        scenario.Atlas.Posts.Should().Be(1);

        scenario.Time.Advance(TimeSpan.FromSeconds(20));
        var third = await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(2);
        scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Should().ContainSingle();
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
        scenario.Events.Reasons.Should().Contain(RestoreReasons.SubmissionNotFound);
        third.RequeueAfter.Should().Be(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_restarted_operator_finds_the_job_of_a_submission_it_crashed_in_and_does_not_post()
    {
        scenario.Atlas.CreateThenLoseResponse = true; // stands for a crash right after the POST
        scenario.Apply();
        await scenario.ReconcileAsync();
        scenario.Atlas.Posts.Should().Be(1);

        scenario.NewReconciler();
        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Job!.Id.Should().Be(scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Single().Id);
        scenario.Status.Phase.Should().Be(RestorePhase.Running);
    }

    [Fact]
    public async Task A_restarted_operator_whose_POST_never_landed_lists_twice_before_posting_again()
    {
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, AtlasErrors.Ambiguous());
        scenario.Apply();
        await scenario.ReconcileAsync();

        scenario.NewReconciler();
        var first = await scenario.ReconcileAsync();
        first.Should().Be(ReconcileResult.After(Grace));
        scenario.Atlas.Posts.Should().Be(1);

        scenario.NewReconciler(); // a second restart forgets the first listing: it starts over, never posts early
        await scenario.ReconcileAsync();
        scenario.Atlas.Posts.Should().Be(1);

        scenario.Time.Advance(Grace);
        await scenario.ReconcileAsync();
        scenario.Atlas.Posts.Should().Be(2);
        scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Should().ContainSingle();
    }

    [Fact]
    public async Task An_intent_held_by_another_live_instance_is_left_alone_until_its_lease_expires()
    {
        scenario.Apply();
        var startedAt = scenario.Time.GetUtcNow();
        scenario.Store.Modify(scenario.Key, r => r with
        {
            Status = new AtlasSharedRestoreStatus
            {
                Phase = RestorePhase.Submitting,
                Api = ResolvedApi.Flex,
                Submission = new SubmissionIntent { AttemptId = "other-attempt", StartedAt = startedAt, Holder = "operator-b" },
                ObservedGeneration = 1,
            },
        });
        scenario.Time.Advance(TimeSpan.FromSeconds(30));

        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.After(TimeSpan.FromSeconds(90)));
        scenario.Atlas.Calls.Should().BeEmpty();
        scenario.Store.StatusWrites.Should().BeEmpty();
        scenario.Store.FinalizerPatches.Should().Be(0);
        var waiting = scenario.Events.Events.Should().ContainSingle().Subject;
        waiting.Reason.Should().Be(RestoreReasons.WaitingForLease);
        waiting.Type.Should().Be(EventType.Normal);
        waiting.Message.Should().Be(
            "Submission other-attempt is held by operator instance operator-b until 2026-03-01T12:02:00Z; this instance leaves it alone until then, so the restore is never submitted twice.");

        // A later look during the same wait (a watch event, the requeue) says nothing new.
        scenario.Time.Advance(TimeSpan.FromSeconds(30));
        (await scenario.ReconcileAsync()).Should().Be(ReconcileResult.After(TimeSpan.FromSeconds(60)));
        scenario.Events.Events.Should().ContainSingle();
        scenario.Store.StatusWrites.Should().BeEmpty();

        // After expiry the intent is treated as unresolved: list twice, then post once.
        scenario.Time.Advance(TimeSpan.FromSeconds(60));
        await scenario.RunUntilDoneAsync();

        scenario.Events.Reasons.Count(r => r == RestoreReasons.WaitingForLease).Should().Be(1);
        scenario.Atlas.Posts.Should().Be(1);
        scenario.Status.Submission!.Holder.Should().Be(RestoreScenario.Identity);
        scenario.Status.Phase.Should().Be(RestorePhase.Completed);
    }

    [Fact]
    public async Task With_Resubmit_an_older_identical_job_is_not_taken_for_the_lost_submission()
    {
        scenario.Atlas.AddExistingJob(RestoreScenario.SourceProject, RestoreScenario.SourceCluster, RestoreScenario.SnapshotId,
            RestoreScenario.TargetCluster, null, "COMPLETED", scenario.Time.GetUtcNow().AddDays(-2));
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, AtlasErrors.Ambiguous());
        scenario.Apply(s => s with { ExistingJobPolicy = ExistingJobPolicy.Resubmit });

        await scenario.ReconcileAsync();
        scenario.Time.Advance(Grace);
        await scenario.ReconcileAsync();
        scenario.Time.Advance(Grace);
        await scenario.ReconcileAsync();

        scenario.Atlas.Posts.Should().Be(2);
        scenario.Status.Job!.Status.Should().Be("PENDING", "the new job, not the old completed one");
    }

    [Fact]
    public async Task An_unexpected_exception_from_the_POST_leaves_the_intent_so_the_next_pass_lists_first()
    {
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, new HttpRequestException("connection reset"));
        scenario.Apply();

        var post = () => scenario.ReconcileAsync();

        await post.Should().ThrowAsync<HttpRequestException>();
        scenario.Status.Phase.Should().Be(RestorePhase.Submitting);
        scenario.Status.Submission.Should().NotBeNull();

        var next = await scenario.ReconcileAsync();

        next.Should().Be(ReconcileResult.After(Grace));
        scenario.Atlas.Posts.Should().Be(1, "no POST before two empty listings");
    }
}
