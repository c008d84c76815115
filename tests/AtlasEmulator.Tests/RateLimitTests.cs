using System.Net;
using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class RateLimitTests : EmulatorTestBase
{
    private const string FlexCluster = Group + "/flexClusters/" + DemoSeed.FlexSourceCluster;

    protected override AtlasEmulatorOptions Options => base.Options with
    {
        RateLimit = new RateLimitOptions { Capacity = 3, RefillAmount = 3, RefillPeriod = TimeSpan.FromSeconds(60) },
        TokenEndpointRateLimit = new RateLimitOptions { Capacity = 1, RefillAmount = 1, RefillPeriod = TimeSpan.FromSeconds(60) },
    };

    [Fact]
    public async Task Empty_bucket_answers_429_with_retry_after_and_the_documented_body_shape()
    {
        for (int i = 2; i >= 0; i--)
        {
            using HttpResponseMessage ok = await GetAsync(FlexCluster);
            ok.StatusCode.Should().Be(HttpStatusCode.OK);
            ok.Headers.GetValues("RateLimit-Limit").Single().Should().Be("3");
            ok.Headers.GetValues("RateLimit-Remaining").Single().Should().Be(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using HttpResponseMessage limited = await GetAsync(FlexCluster);

        await ShouldBeApiErrorAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMITED_TOKEN_BUCKET");
        limited.Headers.GetValues("Retry-After").Single().Should().Be("20");
        limited.Headers.GetValues("RateLimit-Limit").Single().Should().Be("3", "the 429 still names the bucket's capacity");
        limited.Headers.GetValues("RateLimit-Remaining").Single().Should().Be("0");
        using JsonDocument json = await ReadJsonAsync(limited);
        json.RootElement.GetProperty("detail").GetString().Should().Be(
            "Rate limit exceeded for api/atlas/v2/groups/{groupId}. Please retry after 20 seconds. Request capacity: 3. Refill rate: 3 per 60 seconds.");
        json.RootElement.GetProperty("parameters").GetRawText().Should().Be("[\"api/atlas/v2/groups/{groupId}\",20,3,3,60]");
    }

    [Fact]
    public async Task Bucket_refills_on_the_clock()
    {
        for (int i = 0; i < 3; i++)
        {
            (await GetAsync(FlexCluster)).Dispose();
        }

        Clock.Advance(TimeSpan.FromSeconds(20));
        using HttpResponseMessage response = await GetAsync(FlexCluster);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Projects_have_separate_buckets()
    {
        Emulator.State.AddProject("7770a1b2c3d4e5f6a7b8c9d0", "other");
        for (int i = 0; i < 3; i++)
        {
            (await GetAsync(FlexCluster)).Dispose();
        }

        using HttpResponseMessage other = await GetAsync("/api/atlas/v2/groups/7770a1b2c3d4e5f6a7b8c9d0/flexClusters/x");

        other.StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Token_endpoint_has_its_own_bucket()
    {
        for (int i = 0; i < 3; i++)
        {
            (await GetAsync(FlexCluster)).Dispose();
        }

        using HttpResponseMessage first = await RequestTokenAsync(DemoSeed.ClientId, DemoSeed.ClientSecret);
        using HttpResponseMessage second = await RequestTokenAsync(DemoSeed.ClientId, DemoSeed.ClientSecret);

        first.StatusCode.Should().Be(HttpStatusCode.OK, "the project bucket does not cover the token endpoint");
        await ShouldBeApiErrorAsync(second, HttpStatusCode.TooManyRequests, "RATE_LIMITED_TOKEN_BUCKET");
        second.Headers.Contains("Retry-After").Should().BeTrue();
        second.Headers.GetValues("RateLimit-Limit").Single().Should().Be("1");
        second.Headers.GetValues("RateLimit-Remaining").Single().Should().Be("0");
    }
}
