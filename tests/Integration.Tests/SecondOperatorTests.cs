using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using k8s;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// Two operator instances on one cluster: with leader election only the leader acts; without it, the intent's
/// resourceVersion precondition and the holder's lease still let exactly one of them post (DESIGN §4 steps 4 and 7).
/// </summary>
public sealed class SecondOperatorTests : IAsyncLifetime
{
    private const string LeaseName = "atlas-restore-operator";
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task Only_the_leader_submits_and_after_it_dies_the_other_instance_takes_over()
    {
        var a = environment.StartOperator("operator-a", leaderElect: true);
        var b = environment.StartOperator("operator-b", leaderElect: true);

        // Freeze the first submission mid-flight to see who holds it while both instances run.
        var held = environment.Atlas.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        var firstSpec = RestoreEnvironment.FlexSpec();
        await environment.CreateRestoreAsync("led", firstSpec);
        await held.Arrived.WaitAsync(AtlasJournalWaits.SafetyNet);
        var lease = await environment.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, RestoreEnvironment.Namespace);
        var leader = new[] { a, b }.Single(o => o.Identity == lease.Spec.HolderIdentity);
        var follower = leader == a ? b : a;
        (await environment.GetRestoreAsync("led"))!.Status!.Submission!.Holder.Should().Be(leader.Identity);
        follower.Host.IsLeader.Should().BeFalse();
        held.Release();

        var first = await environment.WaitForAsync("led", AtlasJournalWaits.IsTerminal);
        first.Status!.Phase.Should().Be(RestorePhase.Completed);
        first.Status.Submission!.Holder.Should().Be(leader.Identity);
        environment.Atlas.State.JobsOf(firstSpec).Should().ContainSingle().Which.Id.Should().Be(first.Status.Job!.Id);
        environment.AttemptedPosts().Should().Be(1);

        // Die without releasing the lease: every lease write fails until the leader is gone.
        environment.Kube.Faults.InjectServerError(10_000, request =>
            request.Resource == "leases" && !string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase));
        await leader.StopAsync();
        environment.Kube.Faults.Clear();

        var secondSpec = RestoreEnvironment.FlexSpec(s => s with { SnapshotId = DemoSeed.OlderFlexSnapshotId });
        await environment.CreateRestoreAsync("after-takeover", secondSpec);
        var second = await environment.WaitForAsync("after-takeover", AtlasJournalWaits.IsTerminal);

        second.Status!.Phase.Should().Be(RestorePhase.Completed);
        second.Status.Submission!.Holder.Should().Be(follower.Identity);
        follower.Host.IsLeader.Should().BeTrue();
        environment.Atlas.State.JobsOf(secondSpec).Should().ContainSingle().Which.Id.Should().Be(second.Status.Job!.Id);
        environment.Atlas.State.JobsOf(firstSpec).Should().ContainSingle();
        environment.AttemptedPosts().Should().Be(2);
    }

    [Fact]
    public async Task Two_instances_without_leader_election_racing_on_five_restores_post_once_per_restore()
    {
        var specs = new[] { "6650a1b2c3d4e5f6a7b8d001", DemoSeed.OlderFlexSnapshotId, DemoSeed.FlexSnapshotId }
            .SelectMany(snapshot => new[] { DemoSeed.FlexTargetCluster, DemoSeed.DedicatedTargetCluster }
                .Select(target => RestoreEnvironment.FlexSpec(s => s with { SnapshotId = snapshot, TargetDeploymentItemName = target })))
            .Take(5)
            .ToList();
        var a = environment.StartOperator("operator-a");
        var b = environment.StartOperator("operator-b");

        await Task.WhenAll(specs.Select((spec, i) => environment.CreateRestoreAsync($"race-{i}", spec)));
        var done = await Task.WhenAll(specs.Select((_, i) => environment.WaitForAsync($"race-{i}", AtlasJournalWaits.IsTerminal, TimeSpan.FromSeconds(60))));

        for (var i = 0; i < specs.Count; i++)
        {
            done[i].Status!.Phase.Should().Be(RestorePhase.Completed, $"race-{i} completes");
            done[i].Status!.Submission!.Holder.Should().BeOneOf(a.Identity, b.Identity);
            environment.Atlas.State.JobsOf(specs[i]).Should().ContainSingle($"race-{i} is restored exactly once")
                .Which.Id.Should().Be(done[i].Status!.Job!.Id);
        }

        environment.Atlas.State.RestoreJobs.Should().HaveCount(5);
        environment.AttemptedPosts().Should().Be(5);
    }
}
