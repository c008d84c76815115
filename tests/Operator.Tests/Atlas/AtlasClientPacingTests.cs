using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>Retry-After, jittered exponential backoff and the per-project client-side limiter, all on the fake clock.</summary>
public sealed class AtlasClientPacingTests
{
    private const string G = AtlasClientHarness.GroupId;
    private const string OtherGroup = "5f4a1c2b3d4e5f60718293a4";
    private const string ClusterJson = """{"name":"c0","stateName":"IDLE"}""";

    [Fact]
    public async Task A_429_is_retried_only_after_retry_after_has_passed()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(4) });
        var calls = 0;
        h.Server.Api = (_, ctx) => Interlocked.Increment(ref calls) == 1
            ? StubResponses.ApiError(ctx, 429, "RATE_LIMITED_TOKEN_BUCKET", "Rate limit exceeded. Please retry after 7 seconds.", "Too Many Requests", headers: ("Retry-After", "7"))
            : StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);

        var call = h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        var backoff = await h.Time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(30));

        backoff.Should().Be(TimeSpan.FromSeconds(7), "Retry-After outweighs the first backoff step (at most 1 s)");
        h.Time.Advance(TimeSpan.FromSeconds(6.9));
        call.IsCompleted.Should().BeFalse();
        h.Server.ApiRequests.Should().ContainSingle();
        h.Time.Advance(TimeSpan.FromSeconds(0.1));
        (await call.WaitAsync(TimeSpan.FromSeconds(10))).Name.Should().Be("c0");
        h.Server.ApiRequests.Should().HaveCount(2);
        h.Metrics.Measurements.Should().Contain(m => m.Instrument == AtlasClientMetrics.RateLimitWaitInstrument && m.Value == 7
            && m.Tags[AtlasClientMetrics.SourceTag] == "server" && m.Tags[AtlasClientMetrics.EndpointTag] == "getFlexCluster");
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_limit_surfaces_at_once_with_its_duration()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { MaxRetryAfter = TimeSpan.FromSeconds(60) });
        h.Server.Api = (_, ctx) => StubResponses.ApiError(ctx, 429, "RATE_LIMITED", "Slow down.", "Too Many Requests", headers: ("Retry-After", "300"));

        var act = () => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.RetryAfter.Should().Be(TimeSpan.FromSeconds(300));
        h.Server.ApiRequests.Should().ContainSingle();
    }

    [Fact]
    public async Task Get_retries_back_off_exponentially_with_jitter_up_to_the_cap()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromSeconds(5) });
        var calls = 0;
        h.Server.Api = (_, ctx) => Interlocked.Increment(ref calls) <= 3
            ? StubResponses.ApiError(ctx, 500, "UNEXPECTED_ERROR", "Oops.", "Internal Server Error")
            : StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);

        var call = h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        var delays = new List<TimeSpan>();
        for (var retry = 0; retry < 3; retry++)
        {
            var delay = await h.Time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(30));
            delays.Add(delay);
            h.Server.ApiRequests.Should().HaveCount(retry + 1, "nothing is sent while the backoff runs");
            h.Time.Advance(delay);
        }
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        delays[0].Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
        delays[1].Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(4));
        delays[2].Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2.5)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(5), "capped at RetryMaxDelay");
        h.Server.ApiRequests.Should().HaveCount(4);
    }

    [Fact]
    public async Task The_limiter_holds_the_request_past_the_burst_until_the_bucket_refills_for_that_project_only()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 2, RateLimitPermitsPerPeriod = 2, RateLimitPeriod = TimeSpan.FromSeconds(10) });
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var third = h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        var wait = await h.Time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(30));
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, OtherGroup, "c0", CancellationToken.None);

        wait.Should().Be(TimeSpan.FromSeconds(5), "2 permits per 10 s refill one every 5 s");
        third.IsCompleted.Should().BeFalse();
        h.Server.ApiRequests.Count(r => r.Path.Contains(G, StringComparison.Ordinal)).Should().Be(2);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        h.Server.ApiRequests.Count(r => r.Path.Contains(G, StringComparison.Ordinal)).Should().Be(3);
        h.Metrics.Measurements.Should().Contain(m => m.Instrument == AtlasClientMetrics.RateLimitWaitInstrument && m.Value == 5 && m.Tags[AtlasClientMetrics.SourceTag] == "client");
    }

    [Fact]
    public async Task Waiting_for_the_limiter_can_be_cancelled_and_gives_the_permit_back()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 1, RateLimitPermitsPerPeriod = 1, RateLimitPeriod = TimeSpan.FromSeconds(10) });
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var waiting = h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", cancellation.Token);
        await h.Time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await waiting.Invoking(w => w).Should().ThrowAsync<OperationCanceledException>();
        h.Server.ApiRequests.Should().ContainSingle();
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        h.Server.ApiRequests.Should().HaveCount(2, "the cancelled caller's permit went back, so the refill covers the next call");
    }
}
