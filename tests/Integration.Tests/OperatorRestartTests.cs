using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// The operator stopped abruptly between the intent write and the status write, then a new instance started: the new
/// instance waits out the dead holder's lease, lists the jobs, and ends with exactly one job (DESIGN §4 steps 4, 5, 7).
/// </summary>
public sealed class OperatorRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan HarnessSubmissionLease = TimeSpan.FromSeconds(3);
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task Stopped_after_the_intent_while_its_post_lands_unanswered_the_next_instance_finds_that_job()
    {
        const string name = "crash-after-intent";
        var held = environment.Atlas.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        var first = environment.StartOperator("operator-a");
        await environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec());
        await held.Arrived.WaitAsync(AtlasJournalWaits.SafetyNet);

        var intent = (await environment.GetRestoreAsync(name))!.Status!;
        intent.Phase.Should().Be(RestorePhase.Submitting);
        intent.Submission!.Holder.Should().Be(first.Identity);
        intent.Job.Should().BeNull();

        await first.StopAsync();
        held.Release();
        var landed = await environment.Atlas.Journal.WaitForFlexPostAsync(e => e.StatusCode == 200);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1, "the POST reached Atlas with nobody listening");

        environment.StartOperator("operator-b");
        var done = await environment.WaitForAsync(name, AtlasJournalWaits.IsTerminal);

        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Job!.Id.Should().Be(job.Id);
        done.Status.Adopted.Should().BeTrue("the new instance found the job by listing; no POST answer ever reached it");
        environment.AttemptedPosts().Should().Be(1);
        var firstLookAfterRestart = environment.Atlas.Journal.FlexListings().First(e => e.Sequence > landed.Sequence);
        firstLookAfterRestart.Time.Should().BeOnOrAfter(intent.Submission.StartedAt!.Value + HarnessSubmissionLease,
            "the new instance leaves the dead holder's intent alone until its lease expires");
        (await environment.WaitForEventAsync(name, RestoreReasons.Adopted)).Message.Should().Contain(job.Id);

        // Whenever the new instance deferred to the dead holder (it logs each deferral), it said so once in an event.
        // (On a slow machine it may start only after the lease ran out, and then there is nothing to wait for.)
        if (environment.Logs.Lines.Any(l => l.Contains($"{name}: submission {intent.Submission.AttemptId} is held by {first.Identity}", StringComparison.Ordinal)))
        {
            var waiting = (await environment.EventsOfAsync(name)).Where(e => e.Reason == RestoreReasons.WaitingForLease).ToList();
            waiting.Should().ContainSingle().Which.Message.Should().Contain(intent.Submission.AttemptId!).And.Contain(first.Identity);
        }
    }

    [Fact]
    public async Task Stopped_after_an_intent_whose_post_never_landed_the_next_instance_lists_twice_then_posts_once()
    {
        const string name = "crash-lost-post";
        environment.Atlas.Faults.DropConnection(AtlasOperations.CreateFlexRestoreJob);

        // The first instance would look again only after ten minutes: it is stopped long before, so it never resolves its own POST.
        var first = environment.StartOperator("operator-a", configureRestore: o => o with { AmbiguousOutcomeGracePeriod = TimeSpan.FromMinutes(10) });
        await environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec());
        var lost = await environment.Atlas.Journal.WaitForFlexPostAsync(e => e.ConnectionDropped);
        await first.StopAsync();

        var orphan = (await environment.GetRestoreAsync(name))!.Status!;
        orphan.Submission!.Holder.Should().Be(first.Identity);
        orphan.Job.Should().BeNull();
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(0);

        var second = environment.StartOperator("operator-b");
        var done = await environment.WaitForAsync(name, AtlasJournalWaits.IsTerminal);

        var posts = environment.Atlas.Journal.Entries.Where(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Identity != null).ToList();
        posts.Should().HaveCount(2).And.Subject.First().Should().Be(lost);
        var listings = environment.Atlas.Journal.FlexListings().Where(e => e.Sequence > lost.Sequence && e.Sequence < posts[1].Sequence).ToList();
        listings.Should().HaveCountGreaterThanOrEqualTo(2);
        listings[0].Time.Should().BeOnOrAfter(orphan.Submission.StartedAt!.Value + HarnessSubmissionLease, "the dead holder's lease is waited out");
        (listings[^1].Time - listings[0].Time).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500), "two listings a grace period apart");
        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Job!.Id.Should().Be(job.Id);
        done.Status.Submission!.Holder.Should().Be(second.Identity);
        environment.AcceptedPosts().Should().Be(1);
        await environment.WaitForEventAsync(name, RestoreReasons.SubmissionNotFound);
    }

    [Fact]
    public async Task Stopped_after_the_post_was_answered_but_before_the_job_was_recorded_the_next_instance_finds_that_job()
    {
        const string name = "crash-after-post";
        var held = environment.Atlas.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        var first = environment.StartOperator("operator-a");
        await environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec());
        await held.Arrived.WaitAsync(AtlasJournalWaits.SafetyNet);

        // From now on every status write of this object fails: the answer to the POST cannot be recorded.
        var recordRefused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        environment.Kube.Faults.InjectServerError(10_000, request =>
        {
            var isStatusWrite = string.Equals(request.Method, "PUT", StringComparison.OrdinalIgnoreCase)
                && request.Resource == AtlasSharedRestore.Plural && request.Subresource == "status" && request.Name == name;
            if (isStatusWrite)
            {
                recordRefused.TrySetResult();
            }

            return isStatusWrite;
        });
        held.Release();
        await environment.Atlas.Journal.WaitForFlexPostAsync(e => e.StatusCode == 200);
        await recordRefused.Task.WaitAsync(AtlasJournalWaits.SafetyNet);
        await first.StopAsync();
        environment.Kube.Faults.Clear();

        var unrecorded = (await environment.GetRestoreAsync(name))!.Status!;
        unrecorded.Job.Should().BeNull("the job id never reached the status");
        unrecorded.Submission!.Holder.Should().Be(first.Identity);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);

        environment.StartOperator("operator-b");
        var done = await environment.WaitForAsync(name, AtlasJournalWaits.IsTerminal);

        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Job!.Id.Should().Be(job.Id);
        done.Status.Adopted.Should().BeTrue("the answer to the POST was never recorded: the id was found by listing");
        environment.AttemptedPosts().Should().Be(1);
        (await environment.WaitForEventAsync(name, RestoreReasons.Adopted)).Message.Should().Contain(job.Id);
    }
}
