using AtlasRestoreOperator.Operator.Atlas;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>No secret leaves through exceptions or logs; requests are counted and logged with the safe identity.</summary>
public sealed class AtlasClientSecrecyAndTelemetryTests
{
    private const string G = AtlasClientHarness.GroupId;

    private static readonly string[] Secrets =
    [
        AtlasStubServer.PrivateKey,
        AtlasStubServer.ClientSecret,
        "wrong-private-key-SECRET",
        "wrong-client-secret-SECRET",
        "access-token-",
        "Authorization",
        "Bearer",
        "Basic ",
    ];

    [Fact]
    public async Task No_secret_appears_in_any_exception_or_log_line_across_failures()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(5) });
        var scripts = new Queue<Func<HttpContext, Task>>();
        h.Server.Api = (_, ctx) => scripts.TryDequeue(out var next) ? next(ctx) : StubResponses.Json(ctx, 200, """{"id":"6a793f812c88faeba59bc399"}""", StubResponses.Flex);
        var request = new AtlasRestoreRequest("6a6f78e0cab84da5c4476b25", "target", null);
        var failures = new List<Exception>();

        async Task Capture(Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        // The server echoes the caller's own secret back in its error detail.
        scripts.Enqueue(ctx => StubResponses.ApiError(ctx, 400, "VALIDATION_ERROR", $"Bad key {AtlasStubServer.PrivateKey}.", "Bad Request"));
        await Capture(() => h.Client.CreateRestoreJobAsync(AtlasClientHarness.ApiKey, AtlasApiFamily.Flex, G, "c0", request, CancellationToken.None));
        scripts.Enqueue(ctx => StubResponses.ApiError(ctx, 400, "VALIDATION_ERROR", $"Bad secret {AtlasStubServer.ClientSecret}.", "Bad Request"));
        await Capture(() => h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", request, CancellationToken.None));
        scripts.Enqueue(ctx => StubResponses.ApiError(ctx, 500, "UNEXPECTED_ERROR", "Oops.", "Internal Server Error"));
        await Capture(() => h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Tenant, G, "c0", request, CancellationToken.None));
        scripts.Enqueue(ctx => { ctx.Abort(); return Task.CompletedTask; });
        await Capture(() => h.Client.CreateRestoreJobAsync(AtlasClientHarness.ApiKey, AtlasApiFamily.Flex, G, "c0", request, CancellationToken.None));
        scripts.Enqueue(ctx => StubResponses.ApiError(ctx, 429, "RATE_LIMITED", "Slow.", "Too Many Requests"));
        scripts.Enqueue(ctx => StubResponses.ApiError(ctx, 429, "RATE_LIMITED", "Slow.", "Too Many Requests"));
        await Capture(() => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None));
        await Capture(() => h.Client.GetFlexClusterAsync(new ApiKeyCredentials(AtlasStubServer.PublicKey, "wrong-private-key-SECRET"), G, "c0", CancellationToken.None));
        await Capture(() => h.Client.GetFlexClusterAsync(new ServiceAccountCredentials(AtlasStubServer.ClientId, "wrong-client-secret-SECRET"), G, "c0", CancellationToken.None));

        failures.Should().HaveCount(7).And.AllBeOfType<AtlasApiException>();
        failures[0].Message.Should().Contain("[redacted]");
        var everything = failures.Select(f => f.ToString()).Concat(h.Logger.Entries.Select(e => e.AllText)).ToList();
        everything.Should().NotBeEmpty();
        foreach (var secret in Secrets)
        {
            everything.Should().NotContain(text => text.Contains(secret, StringComparison.Ordinal), $"'{secret}' must never leave the client");
        }
        h.Logger.Entries.Should().Contain(e => e.Values.Contains($"Identity={AtlasStubServer.PublicKey}"));
        h.Logger.Entries.Should().Contain(e => e.Values.Contains($"Identity={AtlasStubServer.ClientId}"));
    }

    [Fact]
    public async Task Each_exchange_is_counted_by_operation_and_status_and_failures_are_logged_with_their_error_code()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { MaxRetries = 0 });
        var calls = 0;
        h.Server.Api = (_, ctx) => Interlocked.Increment(ref calls) == 1
            ? StubResponses.Json(ctx, 200, """{"id":"6a793f812c88faeba59bc399"}""", StubResponses.Flex)
            : StubResponses.ApiError(ctx, 404, "CLUSTER_NOT_FOUND", "No cluster named c0 exists in group x.", "Not Found");

        await h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", new AtlasRestoreRequest("6a6f78e0cab84da5c4476b25", "t", null), CancellationToken.None);
        await h.Client.Invoking(c => c.GetClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None)).Should().ThrowAsync<AtlasApiException>();

        var requests = h.Metrics.Measurements.Where(m => m.Instrument == AtlasClientMetrics.RequestsInstrument)
            .Select(m => $"{m.Tags[AtlasClientMetrics.EndpointTag]} {m.Tags[AtlasClientMetrics.StatusCodeTag]}");
        requests.Should().Equal("oauthToken 200", "createFlexRestoreJob 200", "getCluster 404");
        // A definite rejection is logged at Information: the reconciler decides whether the user must see it.
        var failure = h.Logger.Entries.Should().ContainSingle(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Information).Subject;
        failure.Values.Should().Contain(["Operation=getCluster", "StatusCode=404", "ErrorCode=CLUSTER_NOT_FOUND", $"Identity={AtlasStubServer.ClientId}", "Kind=Rejected"]);
    }

    [Fact]
    public void Credentials_print_without_their_secret_halves()
    {
        AtlasClientHarness.ApiKey.ToString().Should().NotContain(AtlasStubServer.PrivateKey).And.Contain(AtlasStubServer.PublicKey);
        AtlasClientHarness.ServiceAccount.ToString().Should().NotContain(AtlasStubServer.ClientSecret).And.Contain(AtlasStubServer.ClientId);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_setting()
    {
        var act = () => new AtlasClient(new AtlasClientOptions { ListPageSize = 501 }, TimeProvider.System, new CapturingLogger<AtlasClient>());

        act.Should().Throw<ArgumentException>().WithMessage("ListPageSize must be between 1 and 500, got 501.*").Which.ParamName.Should().Be("ListPageSize");
    }
}
