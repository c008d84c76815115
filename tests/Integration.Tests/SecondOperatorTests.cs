using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using k8s;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// Two operator instances on one cluster: with leader election only the leader works (the other reconciles nothing,
/// shown by each instance's own log) until the leader stops or dies; without it, the intent's resourceVersion
/// precondition and the holder's lease still let exactly one of them post (DESIGN §4 steps 4 and 7, §6).
/// </summary>
public sealed class SecondOperatorTests : IAsyncLifetime
{
    private const string LeaseName = "atlas-restore-operator";
    private static readonly AtlasSharedRestoreSpec FirstSpec = RestoreEnvironment.FlexSpec();
    private readonly List<ILoggerFactory> loggerFactories = [];
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync()
    {
        // The operators log until the environment has stopped them.
        await environment.DisposeAsync();
        foreach (var factory in loggerFactories)
        {
            factory.Dispose();
        }
    }

    [Fact]
    public async Task While_one_instance_leads_the_other_does_no_work_and_when_the_leader_stops_the_other_takes_over()
    {
        var (leader, follower) = await CompleteFirstRestoreUnderOneLeaderAsync();

        // A clean stop releases the lease, so the follower takes over without waiting for it to expire.
        await leader.Instance.StopAsync();
        leader.Logs.Lines.Should().Contain(line => line.Contains($"Released lease {RestoreEnvironment.Namespace}/{LeaseName}", StringComparison.Ordinal));

        await CompleteRestoreAfterTakeoverAsync(follower);
    }

    [Fact]
    public async Task While_one_instance_leads_the_other_does_no_work_and_when_the_leader_dies_holding_the_lease_the_other_takes_over()
    {
        var (leader, follower) = await CompleteFirstRestoreUnderOneLeaderAsync();

        // Die without releasing the lease: every lease write fails until the leader is gone, so the follower
        // acquires it only once it has expired.
        environment.Kube.Faults.InjectServerError(10_000, request =>
            request.Resource == "leases" && !string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase));
        await leader.Instance.StopAsync();
        environment.Kube.Faults.Clear();
        leader.Logs.Lines.Should().NotContain(line => line.Contains("Released lease", StringComparison.Ordinal));

        await CompleteRestoreAfterTakeoverAsync(follower);
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

    /// <summary>
    /// Two electing instances, each logging to its own capture; one restore is submitted and completed. Returns the
    /// leader and the follower, after showing the follower did nothing: no controller, no reconcile, so no Atlas call.
    /// </summary>
    private async Task<(LoggedOperator Leader, LoggedOperator Follower)> CompleteFirstRestoreUnderOneLeaderAsync()
    {
        var a = StartLogged("operator-a");
        var b = StartLogged("operator-b");

        // Freeze the first submission mid-flight to see who holds it while both instances run.
        var held = environment.Atlas.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        await environment.CreateRestoreAsync("led", FirstSpec);
        await held.Arrived.WaitAsync(AtlasJournalWaits.SafetyNet);
        var lease = await environment.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, RestoreEnvironment.Namespace);
        var leader = new[] { a, b }.Single(o => o.Instance.Identity == lease.Spec.HolderIdentity);
        var follower = leader == a ? b : a;
        (await environment.GetRestoreAsync("led"))!.Status!.Submission!.Holder.Should().Be(leader.Instance.Identity);
        held.Release();

        var first = await environment.WaitForAsync("led", AtlasJournalWaits.IsTerminal);
        first.Status!.Phase.Should().Be(RestorePhase.Completed);
        first.Status.Submission!.Holder.Should().Be(leader.Instance.Identity);
        environment.Atlas.State.JobsOf(FirstSpec).Should().ContainSingle().Which.Id.Should().Be(first.Status.Job!.Id);
        environment.AttemptedPosts().Should().Be(1);

        follower.Instance.Host.IsLeader.Should().BeFalse();
        WorkDoneBy(leader).Should().Contain(line => line.Contains("Reconciled default/led ", StringComparison.Ordinal));
        follower.Logs.Lines.Should().Contain(line => line.Contains($"Campaigning for lease {RestoreEnvironment.Namespace}/{LeaseName}", StringComparison.Ordinal),
            "the follower is running and campaigning");
        WorkDoneBy(follower).Should().BeEmpty("the follower reconciles nothing (and so calls Atlas for nothing) while the other holds the lease");
        return (leader, follower);
    }

    private async Task CompleteRestoreAfterTakeoverAsync(LoggedOperator follower)
    {
        var secondSpec = RestoreEnvironment.FlexSpec(s => s with { SnapshotId = DemoSeed.OlderFlexSnapshotId });
        await environment.CreateRestoreAsync("after-takeover", secondSpec);
        var second = await environment.WaitForAsync("after-takeover", AtlasJournalWaits.IsTerminal);

        second.Status!.Phase.Should().Be(RestorePhase.Completed);
        second.Status.Submission!.Holder.Should().Be(follower.Instance.Identity);
        follower.Instance.Host.IsLeader.Should().BeTrue();
        WorkDoneBy(follower).Should().Contain(line => line.Contains("Reconciled default/after-takeover ", StringComparison.Ordinal));
        environment.Atlas.State.JobsOf(secondSpec).Should().ContainSingle().Which.Id.Should().Be(second.Status.Job!.Id);
        environment.Atlas.State.JobsOf(FirstSpec).Should().ContainSingle();
        environment.AttemptedPosts().Should().Be(2);
    }

    private LoggedOperator StartLogged(string instanceName)
    {
        var logs = new CapturedLogs();
        var factory = LoggerFactory.Create(builder => builder.AddProvider(logs).AddProvider(environment.Logs).SetMinimumLevel(LogLevel.Debug));
        loggerFactories.Add(factory);
        return new LoggedOperator(environment.StartOperator(instanceName, leaderElect: true, loggerFactory: factory), logs);
    }

    /// <summary>The lines that show an instance working: its controller starting, a reconcile, or the reconciler speaking.</summary>
    private static List<string> WorkDoneBy(LoggedOperator instance) => instance.Logs.Lines
        .Where(line => line.Contains("Controller started", StringComparison.Ordinal)
            || line.Contains(": Reconciled ", StringComparison.Ordinal)
            || line.Contains(": Reconcile of ", StringComparison.Ordinal)
            || line.Contains(nameof(AtlasSharedRestoreReconciler), StringComparison.Ordinal))
        .ToList();
}
