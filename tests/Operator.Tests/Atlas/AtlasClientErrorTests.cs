using AtlasRestoreOperator.Operator.Atlas;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>Every error family: parsed ApiError fields, Rejected vs Ambiguous, and which calls are repeated.</summary>
public sealed class AtlasClientErrorTests
{
    private const string G = AtlasClientHarness.GroupId;
    private static readonly AtlasRestoreRequest Request = new("6a6f78e0cab84da5c4476b25", "target", null);

    [Theory]
    [InlineData(400, "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API", "Cannot use non-flex cluster c0 in the flex API.", "Bad Request", AtlasFailureKind.Rejected)]
    [InlineData(401, "UNAUTHORIZED", "You are not authorized for this resource.", "Unauthorized", AtlasFailureKind.Rejected)]
    [InlineData(403, "CANNOT_CHANGE_GROUP_NAME", "Forbidden for this key.", "Forbidden", AtlasFailureKind.Rejected)]
    [InlineData(404, "CLUSTER_NOT_FOUND", "No cluster named c0 exists in group 32b6e34b3d91647abb20e7b8.", "Not Found", AtlasFailureKind.Rejected)]
    [InlineData(406, "INVALID_VERSION_DATE", "The version date is not valid.", "Not Acceptable", AtlasFailureKind.Rejected)]
    [InlineData(409, "RESTORE_IN_PROGRESS", "A restore is already running.", "Conflict", AtlasFailureKind.Rejected)]
    [InlineData(410, "VERSION_GONE", "This happens when a resource is marked for sunset and the sunset date is in the past.", "Gone", AtlasFailureKind.Rejected)]
    [InlineData(429, "RATE_LIMITED_TOKEN_BUCKET", "Rate limit exceeded.", "Too Many Requests", AtlasFailureKind.Rejected)]
    [InlineData(500, "UNEXPECTED_ERROR", "Unexpected error.", "Internal Server Error", AtlasFailureKind.Ambiguous)]
    [InlineData(503, "SERVICE_UNAVAILABLE", "Service unavailable.", "Service Unavailable", AtlasFailureKind.Ambiguous)]
    public async Task Error_answers_are_parsed_and_classified(int status, string errorCode, string detail, string reason, AtlasFailureKind kind)
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { MaxRetries = 0 });
        h.Server.Api = (_, ctx) => StubResponses.ApiError(ctx, status, errorCode, detail, reason, ["c0", 55]);

        var act = () => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(kind);
        thrown.IsDefiniteRejection.Should().Be(kind == AtlasFailureKind.Rejected);
        thrown.HttpStatus.Should().Be(status);
        thrown.ErrorCode.Should().Be(errorCode);
        thrown.Detail.Should().Be(detail);
        thrown.Reason.Should().Be(reason);
        thrown.Parameters.Should().Equal("c0", "55");
        var verb = kind == AtlasFailureKind.Rejected ? "rejected" : "gave no definite answer to";
        thrown.Message.Should().Be($"Atlas {verb} GET /api/atlas/v2/groups/{G}/flexClusters/c0: {status} {errorCode}: {detail}");
    }

    [Fact]
    public async Task A_gone_tenant_endpoint_says_the_shared_tier_api_was_retired_and_points_to_flex()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.ApiError(ctx, 410, "VERSION_GONE", "This happens when a resource is marked for sunset and the sunset date is in the past.", "Gone");

        var act = () => h.Client.ListRestoreJobsAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Tenant, G, "c0", CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.Message.Should().EndWith("The shared-tier (tenant) restore API was retired on 2026-01-22; use api: Flex.");
        h.Server.ApiRequests.Should().ContainSingle("a 4xx is definite and not retried");
    }

    [Fact]
    public async Task A_plain_404_on_a_tenant_path_hints_that_the_tenant_api_may_be_gone_but_a_missing_cluster_does_not()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        var calls = 0;
        h.Server.Api = (_, ctx) => Interlocked.Increment(ref calls) == 1
            ? StubResponses.ApiError(ctx, 404, "RESOURCE_NOT_FOUND", "Cannot find resource.", "Not Found")
            : StubResponses.ApiError(ctx, 404, "CLUSTER_NOT_FOUND", "No cluster named c0 exists in group x.", "Not Found");

        var gone = await h.Client.Invoking(c => c.ListSnapshotsAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Tenant, G, "c0", CancellationToken.None)).Should().ThrowAsync<AtlasApiException>();
        var missing = await h.Client.Invoking(c => c.ListSnapshotsAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Tenant, G, "c0", CancellationToken.None)).Should().ThrowAsync<AtlasApiException>();

        gone.Which.Message.Should().EndWith("If the cluster exists, the shared-tier (tenant) restore API may be gone (retired on 2026-01-22); use api: Flex.");
        missing.Which.Message.Should().Be($"Atlas rejected GET /api/atlas/v2/groups/{G}/clusters/c0/backup/tenant/snapshots: 404 CLUSTER_NOT_FOUND: No cluster named c0 exists in group x.");
    }

    [Fact]
    public async Task An_error_body_that_is_not_json_still_gives_a_classified_error()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { MaxRetries = 0 });
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 502, "<html>Bad gateway</html>", "text/html");

        var act = () => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.HttpStatus.Should().Be(502);
        thrown.ErrorCode.Should().BeNull();
        thrown.Message.Should().Be($"Atlas gave no definite answer to GET /api/atlas/v2/groups/{G}/flexClusters/c0: 502.");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_post_answered_with_a_server_error_is_ambiguous_and_never_repeated(int status)
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.ApiError(ctx, status, "UNEXPECTED_ERROR", "Unexpected error.", "Server Error", headers: ("Retry-After", "1"));

        var act = () => h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", Request, CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.Message.Should().EndWith("The request may have taken effect.");
        h.Server.ApiRequests.Where(r => r.Method == "POST").Should().ContainSingle();
    }

    [Fact]
    public async Task A_post_whose_connection_drops_is_ambiguous_and_never_repeated()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => DropAsync(ctx);

        var act = () => h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", Request, CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.HttpStatus.Should().BeNull();
        thrown.Message.Should().Be($"Atlas gave no definite answer to POST /api/atlas/v2/groups/{G}/flexClusters/c0/backup/restoreJobs: the connection was closed or reset before a full response arrived. The request may have taken effect.");
        h.Server.ApiRequests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_post_that_times_out_is_ambiguous_and_never_repeated()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => HangAsync(ctx);

        var call = h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", Request, CancellationToken.None);
        await h.Server.WaitForApiRequestsAsync(1);
        call.IsCompleted.Should().BeFalse();
        h.Time.Advance(TimeSpan.FromSeconds(30));

        var thrown = (await call.Invoking(c => c).Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.Message.Should().Be($"Atlas gave no definite answer to POST /api/atlas/v2/groups/{G}/flexClusters/c0/backup/restoreJobs: no response within 30 s. The request may have taken effect.");
        h.Server.ApiRequests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_get_that_times_out_is_ambiguous()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { MaxRetries = 0, RequestTimeout = TimeSpan.FromSeconds(5) });
        h.Server.Api = (_, ctx) => HangAsync(ctx);

        var call = h.Client.GetRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", "6a793f812c88faeba59bc399", CancellationToken.None);
        await h.Server.WaitForApiRequestsAsync(1);
        h.Time.Advance(TimeSpan.FromSeconds(4));
        call.IsCompleted.Should().BeFalse("the timeout is 5 s on the client's clock");
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var thrown = (await call.Invoking(c => c).Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.Message.Should().EndWith("no response within 5 s.");
    }

    [Fact]
    public async Task Gets_are_retried_after_server_errors_and_dropped_connections()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        var calls = 0;
        h.Server.Api = (_, ctx) => Interlocked.Increment(ref calls) switch
        {
            1 => StubResponses.ApiError(ctx, 500, "UNEXPECTED_ERROR", "Oops.", "Internal Server Error"),
            2 => DropAsync(ctx),
            3 => StubResponses.ApiError(ctx, 503, "SERVICE_UNAVAILABLE", "Later.", "Service Unavailable"),
            _ => StubResponses.Json(ctx, 200, """{"id":"6a6f78e0cab84da5c4476b25","status":"COMPLETED"}""", StubResponses.Flex),
        };

        var snapshot = await h.Client.GetSnapshotAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", "6a6f78e0cab84da5c4476b25", CancellationToken.None);

        snapshot.Status.Should().Be("COMPLETED");
        h.Server.ApiRequests.Should().HaveCount(4);
    }

    [Fact]
    public async Task Gets_give_up_after_the_configured_retries()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { MaxRetries = 2 });
        h.Server.Api = (_, ctx) => StubResponses.ApiError(ctx, 500, "UNEXPECTED_ERROR", "Oops.", "Internal Server Error");

        var act = () => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        (await act.Should().ThrowAsync<AtlasApiException>()).Which.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        h.Server.ApiRequests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_post_refused_with_429_is_definite_and_is_sent_again()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        var calls = 0;
        h.Server.Api = (_, ctx) => Interlocked.Increment(ref calls) == 1
            ? StubResponses.ApiError(ctx, 429, "RATE_LIMITED", "Slow down.", "Too Many Requests")
            : StubResponses.Json(ctx, 200, """{"id":"6a793f812c88faeba59bc399","status":"PENDING"}""", StubResponses.Flex);

        var job = await h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", Request, CancellationToken.None);

        job.Id.Should().Be("6a793f812c88faeba59bc399");
        h.Server.ApiRequests.Where(r => r.Method == "POST").Should().HaveCount(2);
    }

    [Fact]
    public async Task Client_errors_other_than_429_are_not_retried()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.ApiError(ctx, 409, "CONFLICT", "Busy.", "Conflict");

        var act = () => h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", Request, CancellationToken.None);

        (await act.Should().ThrowAsync<AtlasApiException>()).Which.Kind.Should().Be(AtlasFailureKind.Rejected);
        h.Server.ApiRequests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_refused_connection_is_ambiguous()
    {
        var server = await AtlasStubServer.StartAsync();
        var deadUrl = server.BaseUrl;
        await server.DisposeAsync();
        using var client = new AtlasClient(new AtlasClientOptions { BaseUrl = deadUrl, MaxRetries = 0 }, new ObservableFakeTimeProvider(), new CapturingLogger<AtlasClient>());

        var act = () => client.GetFlexClusterAsync(AtlasClientHarness.ApiKey, G, "c0", CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.Message.Should().Be($"Atlas gave no definite answer to GET /api/atlas/v2/groups/{G}/flexClusters/c0: the connection could not be made.");
    }

    private static Task DropAsync(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    private static async Task HangAsync(HttpContext context)
    {
        var never = new TaskCompletionSource();
        try
        {
            await never.Task.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is what the test waits for.
        }
    }
}
