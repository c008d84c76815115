using System.Net;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using k8s.Autorest;
using k8s.Models;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// Deletion (DESIGN §4 step 8): the finalizer holds the object while a submission is unresolved, so a same-name
/// replacement cannot race an in-flight POST; a running Atlas restore cannot be cancelled and an event says so.
/// </summary>
public sealed class DeletionDuringSubmissionTests
{
    [Fact]
    public async Task Deleting_while_the_post_is_in_flight_holds_the_object_until_the_job_is_known()
    {
        await using var environment = await RestoreEnvironment.StartAsync();
        const string name = "delete-in-flight";
        var held = environment.Atlas.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        var instance = environment.StartOperator();
        await environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec());
        await held.Arrived.WaitAsync(AtlasJournalWaits.SafetyNet);

        await environment.DeleteRestoreAsync(name);
        var deleting = await environment.GetRestoreAsync(name);
        deleting.Should().NotBeNull("the finalizer holds the object while the POST's outcome is unknown");
        deleting!.Metadata.DeletionTimestamp.Should().NotBeNull();
        deleting.Metadata.Finalizers.Should().Contain(AtlasSharedRestore.Finalizer);
        deleting.Status!.Submission.Should().NotBeNull();
        var replaceTooEarly = () => environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec());
        (await replaceTooEarly.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Conflict,
            "a same-name replacement cannot exist while the first POST's outcome is unknown");

        held.Release();
        await environment.WaitForGoneAsync(name);
        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        var events = await StopAndReadEventsAsync(environment, instance, name);
        events.Should().Contain(e => e.Reason == RestoreReasons.RestoreNotCancellable && e.Message.Contains(job.Id),
            "the job was known before the finalizer let go, and it keeps running");

        // Now the replacement is accepted, and it finds the job instead of restoring a second time.
        var replacement = environment.StartOperator("operator-replacement");
        await environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec());
        var adopted = await environment.WaitForAsync(name, AtlasJournalWaits.IsTerminal);
        await replacement.StopAsync();
        adopted.Status!.Adopted.Should().BeTrue();
        adopted.Status.Job!.Id.Should().Be(job.Id);
        environment.AttemptedPosts().Should().Be(1);
        environment.Atlas.State.RestoreJobs.Should().ContainSingle();
    }

    [Fact]
    public async Task Deleting_an_orphaned_intent_waits_for_a_new_instance_to_find_the_job_before_the_object_goes()
    {
        await using var environment = await RestoreEnvironment.StartAsync();
        const string name = "delete-orphan";
        var held = environment.Atlas.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        var first = environment.StartOperator("operator-a");
        await environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec());
        await held.Arrived.WaitAsync(AtlasJournalWaits.SafetyNet);
        await first.StopAsync();

        await environment.DeleteRestoreAsync(name);
        held.Release();
        await environment.Atlas.Journal.WaitForFlexPostAsync(e => e.StatusCode == 200);
        var deleting = await environment.GetRestoreAsync(name);
        deleting.Should().NotBeNull();
        deleting!.Metadata.DeletionTimestamp.Should().NotBeNull();
        deleting.Metadata.Finalizers.Should().Contain(AtlasSharedRestore.Finalizer);

        var second = environment.StartOperator("operator-b");
        await environment.WaitForGoneAsync(name);
        await second.StopAsync();

        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        environment.AttemptedPosts().Should().Be(1);
        (await environment.EventsOfAsync(name)).Should().Contain(e => e.Reason == RestoreReasons.Adopted && e.Message.Contains(job.Id),
            "the finalizer let go only after the new instance found the job the dead one had posted");
    }

    [Fact]
    public async Task Deleting_a_running_restore_says_it_cannot_be_cancelled_and_the_job_goes_on_in_atlas()
    {
        await using var environment = await RestoreEnvironment.StartAsync(new RestoreEnvironmentOptions
        {
            Timings = new RestoreJobTimings
            {
                Pending = TimeSpan.FromMilliseconds(200),
                Queued = TimeSpan.FromMilliseconds(200),
                Running = TimeSpan.FromMinutes(10),
            },
        });
        const string name = "delete-running";
        var instance = environment.StartOperator();
        await environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec());
        var running = await environment.WaitForAsync(name, r => r.Status?.Job?.Status == "RUNNING");
        running.Status!.Phase.Should().Be(RestorePhase.Running);

        await environment.DeleteRestoreAsync(name);
        await environment.WaitForGoneAsync(name);
        await instance.StopAsync();

        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        environment.Atlas.State.StatusOf(job).Should().Be("RUNNING", "Atlas cannot cancel a restore");
        var events = await environment.EventsOfAsync(name);
        events.Should().Contain(e => e.Reason == RestoreReasons.RestoreNotCancellable && e.Type == "Warning" && e.Message.Contains(job.Id));
        environment.AttemptedPosts().Should().Be(1);
    }

    /// <summary>Stops the operator (which flushes its event recorder) and reads the object's events.</summary>
    private static async Task<IReadOnlyList<Corev1Event>> StopAndReadEventsAsync(RestoreEnvironment environment, OperatorInstance instance, string name)
    {
        await instance.StopAsync();
        return await environment.EventsOfAsync(name);
    }
}
