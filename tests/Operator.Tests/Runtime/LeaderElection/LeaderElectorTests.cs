using AtlasRestoreOperator.Operator.Runtime.LeaderElection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Runtime.LeaderElection;

public sealed class LeaderElectorTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryLease lease = new();
    private readonly List<Candidate> candidates = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var candidate in candidates)
        {
            await candidate.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_lone_candidate_creates_the_lease_and_starts_the_work()
    {
        var a = await StartAsync("pod-a");
        await a.WaitForWorkStartsAsync(1);

        a.Elector.IsLeader.Should().BeTrue();
        a.Elector.CurrentLeader.Should().Be(a.Elector.Identity);
        a.Elector.Identity.Should().MatchRegex("^pod-a_[0-9a-f]{8}$");
        var stored = lease.Current!;
        stored.HolderIdentity.Should().Be(a.Elector.Identity);
        stored.AcquireTime.Should().Be(time.GetUtcNow());
        stored.RenewTime.Should().Be(time.GetUtcNow());
        stored.LeaseDurationSeconds.Should().Be(15);
        stored.LeaseTransitions.Should().Be(0);
    }

    [Fact]
    public async Task The_leader_renews_every_retry_period_and_keeps_its_acquire_time()
    {
        var a = await StartAsync("pod-a");
        var acquiredAt = time.GetUtcNow();

        for (var i = 0; i < 10; i++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(2));
            lease.Current!.RenewTime.Should().Be(time.GetUtcNow());
        }

        lease.Current!.AcquireTime.Should().Be(acquiredAt);
        a.Elector.IsLeader.Should().BeTrue();
        // The work runs on its own task: wait for its start before asserting it started once and only once.
        await a.WaitForWorkStartsAsync(1);
        a.WorkStarts.Should().Be(1);
        a.WorkCancelledAt.Should().BeNull();
    }

    [Fact]
    public async Task A_standby_waits_until_the_silent_leader_s_lease_expires_then_takes_over()
    {
        var a = await StartAsync("pod-a");
        var b = await StartAsync("pod-b");
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        b.Elector.IsLeader.Should().BeFalse();
        b.Elector.CurrentLeader.Should().Be(a.Elector.Identity);

        a.Store.Failing = true; // a stops renewing, as if its node went away
        var lastRenew = lease.Current!.RenewTime!.Value;
        DateTimeOffset? bLeadsAt = null;
        while (time.GetUtcNow() < lastRenew + TimeSpan.FromSeconds(30))
        {
            await AdvanceAsync(Step);
            if (b.Elector.IsLeader)
            {
                bLeadsAt ??= time.GetUtcNow();
            }
        }

        bLeadsAt.Should().NotBeNull();
        // Never before the lease expired; at the latest one observation lag plus one retry period after it.
        bLeadsAt!.Value.Should().BeOnOrAfter(lastRenew + TimeSpan.FromSeconds(15))
            .And.BeOnOrBefore(lastRenew + TimeSpan.FromSeconds(15 + 2 + 2));
        lease.Current!.HolderIdentity.Should().Be(b.Elector.Identity);
        lease.Current.LeaseTransitions.Should().Be(1);
        await b.WaitForWorkStartsAsync(1);
    }

    [Fact]
    public async Task Two_candidates_are_never_both_leaders_through_failures_and_recoveries()
    {
        var a = await StartAsync("pod-a");
        var b = await StartAsync("pod-b");
        a.Elector.IsLeader.Should().BeTrue();
        var leaders = 1;
        var maxLeaders = 1;
        var handovers = 0;
        foreach (var candidate in new[] { a, b })
        {
            candidate.Elector.StartedLeading += () =>
            {
                var now = Interlocked.Increment(ref leaders);
                InterlockedMax(ref maxLeaders, now);
                Interlocked.Increment(ref handovers);
            };
            candidate.Elector.StoppedLeading += () => Interlocked.Decrement(ref leaders);
        }

        var start = time.GetUtcNow();
        while (time.GetUtcNow() < start + TimeSpan.FromSeconds(150))
        {
            var elapsed = time.GetUtcNow() - start;
            // a's connection breaks for 20 s, later b's does, later both flap together.
            a.Store.Failing = InWindow(elapsed, 10, 30) || InWindow(elapsed, 100, 104) || InWindow(elapsed, 110, 125);
            b.Store.Failing = InWindow(elapsed, 60, 80) || InWindow(elapsed, 102, 106) || InWindow(elapsed, 112, 120);
            await AdvanceAsync(Step);
            (a.Elector.IsLeader && b.Elector.IsLeader).Should().BeFalse($"at +{(time.GetUtcNow() - start).TotalSeconds}s both claimed leadership");
            (a.WorkCancelledAt is null && a.WorkStarts > 0 && b.WorkCancelledAt is null && b.WorkStarts > 0)
                .Should().BeFalse($"at +{(time.GetUtcNow() - start).TotalSeconds}s both were doing work");
        }

        maxLeaders.Should().Be(1);
        handovers.Should().BeGreaterThanOrEqualTo(3, "the failures move leadership back and forth");
        (a.Elector.IsLeader ^ b.Elector.IsLeader).Should().BeTrue("one of them leads once both connections work");
    }

    [Fact]
    public async Task Failed_renewals_cancel_the_work_within_the_renew_deadline_and_before_the_lease_expires()
    {
        var a = await StartAsync("pod-a");
        var stopped = 0;
        a.Elector.StoppedLeading += () => Interlocked.Increment(ref stopped);
        await AdvanceAsync(TimeSpan.FromSeconds(4));
        var lastRenew = lease.Current!.RenewTime!.Value;
        a.Store.Failing = true;

        while (a.WorkCancelledAt is null && time.GetUtcNow() < lastRenew + TimeSpan.FromSeconds(30))
        {
            await AdvanceAsync(Step);
        }

        a.WorkCancelledAt.Should().NotBeNull();
        a.WorkCancelledAt!.Value.Should().BeOnOrBefore(lastRenew + TimeSpan.FromSeconds(10))
            .And.BeAfter(lastRenew + TimeSpan.FromSeconds(8), "it keeps leading while renewals may still succeed");
        a.Elector.IsLeader.Should().BeFalse();
        stopped.Should().Be(1);
        lease.Current!.RenewTime.Should().Be(lastRenew, "nobody renewed, so the lease is still valid for others to respect");
    }

    [Fact]
    public async Task After_losing_leadership_the_candidate_campaigns_again_and_restarts_the_work()
    {
        var a = await StartAsync("pod-a");
        a.Store.Failing = true;
        await AdvanceAsync(TimeSpan.FromSeconds(12));
        a.Elector.IsLeader.Should().BeFalse();

        a.Store.Failing = false;
        await AdvanceAsync(TimeSpan.FromSeconds(2));

        a.Elector.IsLeader.Should().BeTrue("the lease still names it, so it may take it back at once");
        await a.WaitForWorkStartsAsync(2);
        a.WorkCancelledAt.Should().BeNull("the second run of the work has a fresh token");
    }

    [Fact]
    public async Task Shutdown_releases_the_lease_so_a_standby_takes_over_at_once()
    {
        var a = await StartAsync("pod-a");
        var b = await StartAsync("pod-b");
        await AdvanceAsync(TimeSpan.FromSeconds(3));
        b.Elector.IsLeader.Should().BeFalse();

        await a.ShutdownAsync();

        a.Elector.IsLeader.Should().BeFalse();
        a.WorkCancelledAt.Should().Be(time.GetUtcNow());
        lease.Current!.HolderIdentity.Should().BeNull();
        lease.Current.LeaseDurationSeconds.Should().Be(1);
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        b.Elector.IsLeader.Should().BeTrue("a released lease needs no waiting for expiry");
        lease.Current!.HolderIdentity.Should().Be(b.Elector.Identity);
    }

    [Fact]
    public async Task When_two_standbys_race_for_a_released_lease_exactly_one_wins()
    {
        var a = await StartAsync("pod-a");
        var b = await StartAsync("pod-b");
        var c = await StartAsync("pod-c");
        await AdvanceAsync(TimeSpan.FromSeconds(1));

        await a.ShutdownAsync();
        for (var i = 0; i < 10; i++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(2));
            (b.Elector.IsLeader && c.Elector.IsLeader).Should().BeFalse();
        }

        (b.Elector.IsLeader ^ c.Elector.IsLeader).Should().BeTrue();
        lease.Current!.HolderIdentity.Should().Be(b.Elector.IsLeader ? b.Elector.Identity : c.Elector.Identity);
        lease.Current.LeaseTransitions.Should().Be(1);
    }

    [Fact]
    public async Task A_leader_that_finds_another_holder_stops_at_the_next_renewal()
    {
        var a = await StartAsync("pod-a");
        lease.Overwrite(current => current! with { HolderIdentity = "intruder", RenewTime = time.GetUtcNow() });

        await AdvanceAsync(TimeSpan.FromSeconds(2));

        a.Elector.IsLeader.Should().BeFalse();
        a.WorkCancelledAt.Should().Be(time.GetUtcNow());
        a.Elector.CurrentLeader.Should().Be("intruder");
        lease.Current!.HolderIdentity.Should().Be("intruder");
    }

    [Fact]
    public async Task A_conflict_while_renewing_is_re_read_and_the_renewal_still_lands()
    {
        var a = await StartAsync("pod-a");
        // Someone else touches the lease (a label, say) between a's read and a's write: a's write gets 409.
        a.Store.BeforeNextReplace(() => lease.Overwrite(current => current!));

        await AdvanceAsync(TimeSpan.FromSeconds(2));

        a.Elector.IsLeader.Should().BeTrue();
        lease.Current!.RenewTime.Should().Be(time.GetUtcNow());
        lease.Current.HolderIdentity.Should().Be(a.Elector.Identity);
    }

    [Fact]
    public async Task A_conflict_while_taking_over_shows_the_new_holder_and_the_candidate_stands_by()
    {
        var a = await StartAsync("pod-a");
        var b = await StartAsync("pod-b");
        a.Store.Failing = true;
        // When b goes to take the expired lease, a third candidate gets there first.
        b.Store.BeforeNextReplace(() => lease.Overwrite(current => current! with
        {
            HolderIdentity = "pod-c",
            AcquireTime = time.GetUtcNow(),
            RenewTime = time.GetUtcNow(),
            LeaseTransitions = current.LeaseTransitions + 1,
        }));

        await AdvanceAsync(TimeSpan.FromSeconds(20));

        b.Elector.IsLeader.Should().BeFalse();
        b.WorkStarts.Should().Be(0);
        b.Elector.CurrentLeader.Should().Be("pod-c");
        lease.Current!.HolderIdentity.Should().Be("pod-c");
    }

    [Fact]
    public async Task Work_that_fails_releases_the_lease_and_the_failure_surfaces_from_RunAsync()
    {
        using var elector = new LeaderElector(new InMemoryLeaseStore(lease), new LeaderElectionOptions("pod-a_1"), time, NullLogger<LeaderElector>.Instance);

        var run = () => elector.RunAsync(_ => throw new InvalidOperationException("reconciler crashed"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await run.Should().ThrowAsync<InvalidOperationException>().WithMessage("reconciler crashed");
        elector.IsLeader.Should().BeFalse();
        elector.IsRunning.Should().BeFalse();
        lease.Current!.HolderIdentity.Should().BeNull("a standby may take over at once");
    }

    [Fact]
    public void Options_must_keep_lease_duration_above_renew_deadline_above_retry_period()
    {
        var valid = new LeaderElectionOptions("x");
        valid.Invoking(o => o.Validate()).Should().NotThrow();
        (valid with { RenewDeadline = TimeSpan.FromSeconds(15) }).Invoking(o => o.Validate())
            .Should().Throw<ArgumentException>().WithMessage("*lease duration*renew deadline*");
        (valid with { RetryPeriod = TimeSpan.FromSeconds(10) }).Invoking(o => o.Validate())
            .Should().Throw<ArgumentException>().WithMessage("*renew deadline*retry period*");
        (valid with { RetryPeriod = TimeSpan.Zero }).Invoking(o => o.Validate())
            .Should().Throw<ArgumentException>().WithMessage("*retry period*positive*");
    }

    private static bool InWindow(TimeSpan elapsed, int fromSeconds, int toSeconds) =>
        elapsed >= TimeSpan.FromSeconds(fromSeconds) && elapsed < TimeSpan.FromSeconds(toSeconds);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private async Task<Candidate> StartAsync(string name)
    {
        var candidate = new Candidate(name, lease, time);
        candidates.Add(candidate);
        candidate.Start();
        await candidate.SettleAsync();
        return candidate;
    }

    /// <summary>Moves the clock in small steps, letting every candidate finish what is due at each.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        var end = time.GetUtcNow() + by;
        while (time.GetUtcNow() < end)
        {
            var step = end - time.GetUtcNow() < Step ? end - time.GetUtcNow() : Step;
            time.Advance(step);
            foreach (var candidate in candidates)
            {
                await candidate.SettleAsync();
            }
        }
    }
}
