using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>The emulator's token bucket against the client's Retry-After handling and its own per-project limiter.</summary>
public sealed class AtlasContractRateLimitTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Project = AtlasContractHarness.ProjectId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_429_holds_the_call_until_the_fake_clock_passes_retry_after_then_it_succeeds()
    {
        // Two requests, then one token every 20 s: the third call meets 429 with Retry-After: 20.
        var bucket = new RateLimitOptions { Capacity = 2, RefillAmount = 1, RefillPeriod = TimeSpan.FromSeconds(20) };
        await using var h = await AtlasContractHarness.StartAsync(ledger, e => e with { RateLimit = bucket });
        var key = AtlasContractHarness.ApiKey;
        await h.Client.GetFlexClusterAsync(key, Project, DemoSeed.FlexSourceCluster, None);
        await h.Client.GetFlexClusterAsync(key, Project, DemoSeed.FlexSourceCluster, None);
        var timersBefore = h.Clock.TimerCount;

        var third = h.Client.GetFlexClusterAsync(key, Project, DemoSeed.FlexSourceCluster, None);
        var refused = await h.Journal.WaitForAsync(e => e.StatusCode == 429).WaitAsync(TimeSpan.FromSeconds(30));
        var wait = await h.Clock.WaitForTimerAsync(timersBefore, d => d >= TimeSpan.FromSeconds(10) && d < h.Client.Options.RequestTimeout);

        refused.ErrorCode.Should().Be("RATE_LIMITED_TOKEN_BUCKET");
        wait.Should().Be(TimeSpan.FromSeconds(20), "the client waits exactly the server's Retry-After");
        h.Clock.Advance(wait - TimeSpan.FromSeconds(1));
        third.IsCompleted.Should().BeFalse("one second before Retry-After the call is still waiting");
        h.Authenticated(AtlasOperations.GetFlexCluster).Should().HaveCount(3, "nothing was re-sent early");

        h.Clock.Advance(TimeSpan.FromSeconds(1));
        var cluster = await third.WaitAsync(TimeSpan.FromSeconds(30));

        cluster.Name.Should().Be(DemoSeed.FlexSourceCluster);
        var calls = h.Authenticated(AtlasOperations.GetFlexCluster);
        calls.Select(e => e.StatusCode).Should().Equal(200, 200, 429, 200);
        (calls[3].Time - calls[2].Time).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_client_will_wait_surfaces_as_a_definite_429_with_the_wait()
    {
        var bucket = new RateLimitOptions { Capacity = 1, RefillAmount = 1, RefillPeriod = TimeSpan.FromMinutes(10) };
        await using var h = await AtlasContractHarness.StartAsync(ledger, e => e with { RateLimit = bucket });
        var account = AtlasContractHarness.ServiceAccount;
        await h.Client.GetFlexClusterAsync(account, Project, DemoSeed.FlexSourceCluster, None);

        var thrown = await h.FailureOf(c => c.CreateRestoreJobAsync(account, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None));

        thrown.Kind.Should().Be(AtlasFailureKind.Rejected, "a 429 means nothing was created");
        thrown.HttpStatus.Should().Be(429);
        thrown.ErrorCode.Should().Be("RATE_LIMITED_TOKEN_BUCKET");
        thrown.RetryAfter.Should().BeGreaterThan(h.Client.Options.MaxRetryAfter);
        h.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task The_client_limiter_keeps_a_burst_of_calls_at_zero_429s_against_the_default_bucket()
    {
        // Default buckets on both sides: the emulator's 100 per 60 s, the client's burst of 20 then 90 per 60 s.
        // 120 calls at once are more than the emulator's bucket holds, so without pacing some would be refused.
        const int burst = 120;
        await using var h = await AtlasContractHarness.StartAsync(ledger, client: c => c with { RequestTimeout = TimeSpan.FromMinutes(10), MaxReadLimiterWait = Timeout.InfiniteTimeSpan });
        new RateLimitOptions().Capacity.Should().BeLessThan(burst);
        var account = AtlasContractHarness.ServiceAccount;
        await h.Client.GetFlexClusterAsync(account, Project, DemoSeed.FlexSourceCluster, None);
        var timersBefore = h.Clock.TimerCount;

        var calls = Enumerable.Range(0, burst)
            .Select(_ => h.Client.GetFlexClusterAsync(account, Project, DemoSeed.FlexSourceCluster, None))
            .ToList();

        // Every call has taken its limiter slot by now; the paced ones wait on timers shorter than the request timeout.
        var pacing = h.Clock.TimersCreated.Skip(timersBefore).Where(d => d > TimeSpan.Zero && d < h.Client.Options.RequestTimeout).Order().ToList();
        var immediate = burst - pacing.Count;
        immediate.Should().Be(h.Client.Options.RateLimitBurst - 1, "the burst allowance (less the warm-up call) goes out at once");
        await h.Journal.WaitForCountAsync(AtlasOperations.GetFlexCluster, 1 + immediate).WaitAsync(TimeSpan.FromSeconds(30));

        // Release the paced calls in the order the limiter scheduled them, letting each group reach the emulator.
        var elapsed = TimeSpan.Zero;
        var released = 0;
        foreach (var due in pacing.GroupBy(d => d))
        {
            h.Clock.Advance(due.Key - elapsed);
            elapsed = due.Key;
            released += due.Count();
            await h.Journal.WaitForCountAsync(AtlasOperations.GetFlexCluster, 1 + immediate + released).WaitAsync(TimeSpan.FromSeconds(30));
        }
        var results = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        results.Should().HaveCount(burst).And.OnlyContain(c => c.Name == DemoSeed.FlexSourceCluster);
        h.Journal.Count(e => e.StatusCode == 429).Should().Be(0);
        h.Authenticated(AtlasOperations.GetFlexCluster).Should().HaveCount(burst + 1).And.OnlyContain(e => e.StatusCode == 200);
        elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(60), "the client spread the burst over more than a minute");
    }

    [Fact]
    public async Task A_create_refused_with_429_is_sent_again_after_retry_after_and_creates_exactly_one_job()
    {
        var bucket = new RateLimitOptions { Capacity = 1, RefillAmount = 1, RefillPeriod = TimeSpan.FromSeconds(15) };
        await using var h = await AtlasContractHarness.StartAsync(ledger, e => e with { RateLimit = bucket });
        var account = AtlasContractHarness.ServiceAccount;
        await h.Client.GetFlexClusterAsync(account, Project, DemoSeed.FlexSourceCluster, None);
        var timersBefore = h.Clock.TimerCount;

        var creating = h.Client.CreateRestoreJobAsync(account, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None);
        var wait = await h.Clock.WaitForTimerAsync(timersBefore, d => d >= TimeSpan.FromSeconds(5) && d < h.Client.Options.RequestTimeout);
        h.State.RestoreJobs.Should().BeEmpty("the 429 created nothing");
        h.Clock.Advance(wait);
        var job = await creating.WaitAsync(TimeSpan.FromSeconds(30));

        wait.Should().Be(TimeSpan.FromSeconds(15));
        job.Status.Should().Be("PENDING");
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Select(e => e.StatusCode).Should().Equal(429, 200);
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);
    }
}
