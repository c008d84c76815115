using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

public sealed class DeletionTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private readonly RestoreScenario scenario = new();

    [Fact]
    public async Task Deleting_while_a_job_runs_says_it_cannot_be_cancelled_and_releases_the_object()
    {
        scenario.Apply();
        await scenario.ReconcileAsync();
        var jobId = scenario.Status.Job!.Id;
        scenario.Store.MarkDeleting(scenario.Key, scenario.Time.GetUtcNow().UtcDateTime);

        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.Done);
        scenario.Store.Peek(scenario.Key).Should().BeNull("the finalizer was removed");
        var warning = scenario.Events.Events.Should().ContainSingle(e => e.Reason == RestoreReasons.RestoreNotCancellable).Subject;
        warning.Type.Should().Be(EventType.Warning);
        warning.Message.Should().Contain(jobId!).And.Contain("cannot cancel");
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task Deleting_a_completed_restore_releases_it_without_a_cancel_warning()
    {
        scenario.Apply();
        await scenario.RunUntilDoneAsync();
        scenario.Store.MarkDeleting(scenario.Key, scenario.Time.GetUtcNow().UtcDateTime);

        await scenario.ReconcileAsync();

        scenario.Store.Peek(scenario.Key).Should().BeNull();
        scenario.Events.Reasons.Should().NotContain(RestoreReasons.RestoreNotCancellable);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task Deleting_with_an_unresolved_submission_holds_the_finalizer_until_the_POST_is_proven_absent()
    {
        scenario.Atlas.FailNext(FakeAtlas.CreateOperation, AtlasErrors.Ambiguous());
        scenario.Apply();
        await scenario.ReconcileAsync();
        scenario.Store.MarkDeleting(scenario.Key, scenario.Time.GetUtcNow().UtcDateTime);

        var first = await scenario.ReconcileAsync();

        first.Should().Be(ReconcileResult.After(Grace));
        scenario.Current.Metadata.Finalizers.Should().Contain(AtlasSharedRestore.Finalizer);

        scenario.Time.Advance(Grace);
        var second = await scenario.ReconcileAsync();

        second.Should().Be(ReconcileResult.Done);
        scenario.Store.Peek(scenario.Key).Should().BeNull();
        scenario.Events.Reasons.Should().Contain(RestoreReasons.SubmissionNotFound);
        scenario.Atlas.Posts.Should().Be(1, "a deleting object never posts");
    }

    [Fact]
    public async Task Deleting_with_an_unresolved_submission_whose_job_exists_records_it_and_warns()
    {
        scenario.Atlas.CreateThenLoseResponse = true;
        scenario.Apply();
        await scenario.ReconcileAsync();
        scenario.Store.MarkDeleting(scenario.Key, scenario.Time.GetUtcNow().UtcDateTime);

        var result = await scenario.ReconcileAsync();

        result.Should().Be(ReconcileResult.Done);
        scenario.Store.Peek(scenario.Key).Should().BeNull();
        scenario.Store.StatusWrites.Last()!.Job!.Id.Should().Be(scenario.Atlas.JobsOf(RestoreScenario.SourceProject, RestoreScenario.SourceCluster).Single().Id);
        scenario.Store.StatusWrites.Last()!.Adopted.Should().BeTrue("the job id was found by listing, not read from a POST answer");
        scenario.Events.Reasons.Should().ContainInOrder(RestoreReasons.Adopted, RestoreReasons.RestoreNotCancellable);
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task Deleting_an_object_that_never_submitted_releases_it_without_Atlas_calls()
    {
        scenario.Secrets.Remove(RestoreScenario.Namespace, RestoreScenario.SecretName);
        scenario.Apply();
        await scenario.ReconcileAsync();
        scenario.Store.MarkDeleting(scenario.Key, scenario.Time.GetUtcNow().UtcDateTime);

        await scenario.ReconcileAsync();

        scenario.Store.Peek(scenario.Key).Should().BeNull();
        scenario.Atlas.Calls.Should().BeEmpty();
        scenario.Atlas.Posts.Should().Be(0);
    }
}
