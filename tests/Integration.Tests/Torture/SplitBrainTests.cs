using System.Globalization;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using k8s;
using Xunit.Abstractions;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>Two operator processes at once, with and without leader election: still exactly one Atlas job per restore.</summary>
public sealed class SplitBrainTests(ITestOutputHelper output)
{
    private const int Objects = 10;
    private const string PostingLine = "posting the restore";

    private static readonly IReadOnlyList<string> Names = Enumerable.Range(0, Objects).Select(i => "s" + i.ToString(CultureInfo.InvariantCulture)).ToList().AsReadOnly();

    [Fact]
    public async Task With_leader_election_only_the_leader_works_and_the_other_takes_over_when_it_is_killed()
    {
        await using var harness = await TortureHarness.StartAsync();
        var environment = harness.Environment;
        var first = harness.StartOperator(leaderElect: true);
        var second = harness.StartOperator(leaderElect: true);
        await Task.WhenAll(first.Serving, second.Serving).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var name in Names)
        {
            await harness.CreateRestoreAsync(name);
        }

        await environment.Atlas.Journal.WaitForCountAsync(AtlasOperations.CreateFlexRestoreJob, 3).WaitAsync(TimeSpan.FromSeconds(60));
        var holder = await LeaseHolderAsync(environment);
        var (leader, follower) = holder.StartsWith(first.Name + "_", StringComparison.Ordinal) ? (first, second) : (second, first);
        var followerPostsWhileFollowing = follower.Lines.Count(l => l.Contains(PostingLine, StringComparison.Ordinal));
        var leaderPosts = leader.Lines.Count(l => l.Contains(PostingLine, StringComparison.Ordinal));
        await leader.KillAsync();

        var convergence = await harness.AssertConvergedExactlyOnceAsync(Names, [], TimeSpan.FromSeconds(90), "two operators, leader election on, leader killed");

        followerPostsWhileFollowing.Should().Be(0, "only the leader works");
        leaderPosts.Should().BeGreaterThan(0);
        (await LeaseHolderAsync(environment)).Should().StartWith(follower.Name + "_", "the survivor takes the lease");
        environment.AcceptedPosts().Should().Be(Objects);
        (await harness.ScanForSecretsAsync()).Leaks.Should().BeEmpty();
        output.WriteLine($"| leader election on, leader SIGKILLed after 3 POSTs | 2 processes | {Objects} objects | POSTs by the follower before the kill: {followerPostsWhileFollowing} | " +
            $"accepted POSTs {environment.AcceptedPosts()} | jobs per object: {string.Join(",", Names.Select(harness.JobsFor).Distinct())} | converged {convergence.TotalSeconds:0.0} s after the kill |");
    }

    [Fact]
    public async Task Without_leader_election_two_working_processes_still_post_once_per_restore()
    {
        await using var harness = await TortureHarness.StartAsync();
        var environment = harness.Environment;
        var first = harness.StartOperator(leaderElect: false);
        var second = harness.StartOperator(leaderElect: false);
        await Task.WhenAll(first.Serving, second.Serving).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var name in Names)
        {
            await harness.CreateRestoreAsync(name);
        }

        var convergence = await harness.AssertConvergedExactlyOnceAsync(Names, [], TimeSpan.FromSeconds(90), "two operators, leader election off");

        environment.AcceptedPosts().Should().Be(Objects, "the resourceVersion precondition on the intent lets only one process post");
        (await harness.ScanForSecretsAsync()).Leaks.Should().BeEmpty();
        var conflicts = harness.Output.Count(l => l.Contains("conflicted with another writer", StringComparison.Ordinal));
        var postsBy = string.Join(", ", new[] { first, second }.Select(p => $"{p.Name} {p.Lines.Count(l => l.Contains(PostingLine, StringComparison.Ordinal))}"));
        output.WriteLine($"| leader election off | 2 processes | {Objects} objects | POSTs per process: {postsBy} | write conflicts logged {conflicts} | " +
            $"accepted POSTs {environment.AcceptedPosts()} | jobs per object: {string.Join(",", Names.Select(harness.JobsFor).Distinct())} | converged {convergence.TotalSeconds:0.0} s |");
    }

    private static async Task<string> LeaseHolderAsync(RestoreEnvironment environment)
    {
        var lease = await environment.Client.CoordinationV1.ReadNamespacedLeaseAsync("atlas-restore-operator", RestoreEnvironment.Namespace);
        return lease.Spec.HolderIdentity ?? "";
    }
}
