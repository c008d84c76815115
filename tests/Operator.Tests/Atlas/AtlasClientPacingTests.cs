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
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 2, RateLimitPermitsPerPeriod = 2, RateLimitPeriod = TimeSpan.FromSeconds(10), MaxReadLimiterWait = Timeout.InfiniteTimeSpan });
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
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 1, RateLimitPermitsPerPeriod = 1, RateLimitPeriod = TimeSpan.FromSeconds(10), MaxReadLimiterWait = Timeout.InfiniteTimeSpan });
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

    [Fact]
    public async Task A_read_that_would_wait_longer_than_the_read_limit_is_not_sent_and_says_when_a_permit_is_free()
    {
        // One permit every 5 s, and reads wait at most 1 s (or for the very next permit): with the burst spent and a
        // third read already waiting for the next permit, a fourth would wait 10 s, so it is handed back.
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 2, RateLimitPermitsPerPeriod = 2, RateLimitPeriod = TimeSpan.FromSeconds(10) });
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        h.Client.Options.MaxReadLimiterWait.Should().Be(TimeSpan.FromSeconds(1), "the default");
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        var third = h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        (await h.Time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(30))).Should().Be(TimeSpan.FromSeconds(5));

        var fourth = () => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var thrown = (await fourth.Should().ThrowAsync<AtlasRequestDeferredException>()).Which;
        thrown.RetryAfter.Should().Be(TimeSpan.FromSeconds(10));
        thrown.Operation.Should().Be("getFlexCluster");
        thrown.ProjectId.Should().Be(G);
        thrown.Message.Should().Contain("deferred by the client-side rate limit");
        h.Client.PermitsFreeIn(G, 1).Should().Be(TimeSpan.FromSeconds(10), "the deferred read took no permit");
        h.Metrics.Measurements.Should().ContainSingle(m => m.Instrument == AtlasClientMetrics.DeferredInstrument)
            .Which.Tags[AtlasClientMetrics.EndpointTag].Should().Be("getFlexCluster");

        h.Time.Advance(TimeSpan.FromSeconds(5));
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        h.Server.ApiRequests.Should().HaveCount(3, "the deferred read was never sent");
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        h.Server.ApiRequests.Should().HaveCount(4);
    }

    [Fact]
    public async Task A_read_whose_permit_is_free_within_the_read_limit_waits_for_it()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 1, RateLimitPermitsPerPeriod = 60, RateLimitPeriod = TimeSpan.FromSeconds(60) });
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var second = h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        var wait = await h.Time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(30));

        wait.Should().Be(TimeSpan.FromSeconds(1));
        second.IsCompleted.Should().BeFalse();
        h.Time.Advance(wait);
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        h.Server.ApiRequests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_create_is_never_deferred_it_waits_its_turn_however_long()
    {
        // The reconciler posts only after writing its intent, so the POST must go out rather than be handed back.
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 1, RateLimitPermitsPerPeriod = 1, RateLimitPeriod = TimeSpan.FromSeconds(10) });
        h.Server.Api = (request, ctx) => request.Method == "POST"
            ? StubResponses.Json(ctx, 200, """{"id":"6a793f812c88faeba59bc399","status":"PENDING","snapshotId":"6a6f78e0cab84da5c4476b25","targetDeploymentItemName":"t"}""", StubResponses.Flex)
            : StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var create = h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0",
            new AtlasRestoreRequest("6a6f78e0cab84da5c4476b25", "t", null), CancellationToken.None);
        var wait = await h.Time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(30));

        wait.Should().Be(TimeSpan.FromSeconds(10));
        create.IsCompleted.Should().BeFalse();
        h.Time.Advance(wait);
        (await create.WaitAsync(TimeSpan.FromSeconds(10))).Id.Should().Be("6a793f812c88faeba59bc399");
        h.Server.ApiRequests.Select(r => r.Method).Should().Equal("GET", "POST");
    }

    [Fact]
    public async Task Permits_free_in_says_how_long_until_a_project_has_that_many_calls_free_at_once()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 5, RateLimitPermitsPerPeriod = 60, RateLimitPeriod = TimeSpan.FromSeconds(60) });
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        for (var i = 0; i < 3; i++)
        {
            await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        }

        h.Client.PermitsFreeIn(G, 2).Should().Be(TimeSpan.Zero);
        h.Client.PermitsFreeIn(G, 5).Should().Be(TimeSpan.FromSeconds(3), "one permit a second refills the three spent");
        h.Client.PermitsFreeIn(G, 50).Should().Be(TimeSpan.FromSeconds(3), "asking for more than the burst waits for a full bucket");
        h.Client.PermitsFreeIn(OtherGroup, 5).Should().Be(TimeSpan.Zero, "each project has its own bucket");
        h.Time.Advance(TimeSpan.FromSeconds(2));
        h.Client.PermitsFreeIn(G, 5).Should().Be(TimeSpan.FromSeconds(1));
        h.Server.ApiRequests.Should().HaveCount(3, "asking sends nothing");
    }

    [Fact]
    public async Task A_read_alone_on_its_project_may_always_wait_for_the_next_permit_even_past_the_read_limit()
    {
        // One permit every 10 s and a burst of 1: refusing every wait over 1 s would leave a pass of several calls
        // turned away forever, so the wait for the very next permit is always allowed.
        await using var h = await AtlasClientHarness.StartAsync(o => o with { RateLimitBurst = 1, RateLimitPermitsPerPeriod = 1, RateLimitPeriod = TimeSpan.FromSeconds(10) });
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var second = h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        var wait = await h.Time.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(30));
        var third = () => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        wait.Should().Be(TimeSpan.FromSeconds(10));
        (await third.Should().ThrowAsync<AtlasRequestDeferredException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(20),
            "a second caller behind the waiting one is turned away until the bucket has a permit again");
        h.Time.Advance(wait);
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        h.Server.ApiRequests.Should().HaveCount(2);
    }
}
