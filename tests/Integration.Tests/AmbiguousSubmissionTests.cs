using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>A POST whose answer never arrives: the operator lists before it ever posts again (DESIGN §4 step 5).</summary>
public sealed class AmbiguousSubmissionTests : IAsyncLifetime
{
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task A_job_created_whose_response_is_dropped_is_found_adopted_and_followed_without_a_second_post()
    {
        environment.Atlas.Faults.CreateThenDrop(AtlasOperations.CreateFlexRestoreJob);
        environment.StartOperator();

        await environment.CreateRestoreAsync("dropped-answer", RestoreEnvironment.FlexSpec());
        var done = await environment.WaitForAsync("dropped-answer", AtlasJournalWaits.IsTerminal);

        var post = environment.Atlas.Journal.Entries.Should().ContainSingle(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Identity != null).Subject;
        post.ConnectionDropped.Should().BeTrue("the fault created the job and then cut the connection");
        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Job!.Id.Should().Be(job.Id);
        done.Status.Adopted.Should().BeTrue("the job id was found by listing the jobs in Atlas, not read from the lost POST answer");
        done.Condition(RestoreCondition.Submitted).Reason.Should().Be(RestoreReasons.JobAdopted);
        done.Condition(RestoreCondition.Submitted).Message.Should().Contain(job.Id).And.Contain("answer to the submission was lost");
        done.Status.Conditions.Should().Contain(c => c.Type == RestoreCondition.Ready && c.Status == "True");
        // One listing is the dedupe before the POST; the job id can only have come from another one after it. (The
        // journal records the dropped POST when its connection is cut, so sequence numbers do not order the two.)
        environment.Atlas.Journal.FlexListings().Should().HaveCountGreaterThanOrEqualTo(2, "the outcome is resolved by listing the jobs");
        await environment.WaitForEventAsync("dropped-answer", RestoreReasons.SubmissionOutcomeUnknown);
        (await environment.WaitForEventAsync("dropped-answer", RestoreReasons.Adopted)).Message.Should().Contain(job.Id).And.Contain("answer to this object's submission was lost");
        (await environment.EventsOfAsync("dropped-answer")).Select(e => e.Reason).Should().NotContain(RestoreReasons.SubmissionNotFound);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task A_post_dropped_before_it_reached_atlas_is_posted_again_only_after_two_empty_listings_a_grace_apart()
    {
        environment.Atlas.Faults.DropConnection(AtlasOperations.CreateFlexRestoreJob);
        environment.StartOperator();

        await environment.CreateRestoreAsync("dropped-request", RestoreEnvironment.FlexSpec());
        var done = await environment.WaitForAsync("dropped-request", AtlasJournalWaits.IsTerminal);

        var posts = environment.Atlas.Journal.Entries.Where(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Identity != null).ToList();
        posts.Should().HaveCount(2);
        posts[0].ConnectionDropped.Should().BeTrue();
        posts[1].StatusCode.Should().Be(200);
        var between = environment.Atlas.Journal.FlexListings().Where(e => e.Sequence > posts[0].Sequence && e.Sequence < posts[1].Sequence).ToList();
        between.Should().HaveCountGreaterThanOrEqualTo(2, "no second POST before two listings without a match");
        (between[^1].Time - between[0].Time).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500), "the listings are a grace period apart");
        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Job!.Id.Should().Be(job.Id);
        await environment.WaitForEventAsync("dropped-request", RestoreReasons.SubmissionNotFound);
        environment.AcceptedPosts().Should().Be(1);
    }
}
