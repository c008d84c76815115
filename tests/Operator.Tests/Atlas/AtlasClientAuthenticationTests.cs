using System.Text;
using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>HTTP Digest for API keys and OAuth client credentials for service accounts, against a server that checks both.</summary>
public sealed class AtlasClientAuthenticationTests
{
    private const string G = AtlasClientHarness.GroupId;
    private const string ClusterJson = """{"name":"c0","mongoDBVersion":"8.0.29","stateName":"IDLE"}""";

    [Fact]
    public async Task Digest_answers_the_first_challenge_then_authenticates_up_front()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);

        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ApiKey, G, "c0", CancellationToken.None);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ApiKey, G, "c0", CancellationToken.None);

        var requests = h.Server.ApiRequests;
        requests.Should().HaveCount(3, "one challenge, its answer, then a pre-emptive request");
        requests[0].Header("Authorization").Should().BeNull();
        var answer = StubDigest.ParseAuthorization(requests[1].Header("Authorization")!);
        answer["username"].Should().Be(AtlasStubServer.PublicKey);
        answer["nc"].Should().Be("00000001");
        answer["uri"].Should().Be($"/api/atlas/v2/groups/{G}/flexClusters/c0");
        var preemptive = StubDigest.ParseAuthorization(requests[2].Header("Authorization")!);
        preemptive["nonce"].Should().Be(answer["nonce"]);
        preemptive["nc"].Should().Be("00000002", "the nonce count grows with each use of a nonce");
        preemptive["cnonce"].Should().NotBe(answer["cnonce"]);
    }

    [Fact]
    public async Task Digest_re_answers_a_stale_nonce_challenge()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ApiKey, G, "c0", CancellationToken.None);
        h.Server.RotateNonce();

        var cluster = await h.Client.GetFlexClusterAsync(AtlasClientHarness.ApiKey, G, "c0", CancellationToken.None);

        cluster.Name.Should().Be("c0");
        var requests = h.Server.ApiRequests;
        requests.Should().HaveCount(4);
        StubDigest.ParseAuthorization(requests[2].Header("Authorization")!)["nonce"].Should().Be("nonce-1");
        StubDigest.ParseAuthorization(requests[3].Header("Authorization")!)["nonce"].Should().Be("nonce-2");
        StubDigest.ParseAuthorization(requests[3].Header("Authorization")!)["nc"].Should().Be("00000001");
    }

    [Fact]
    public async Task Digest_with_a_wrong_private_key_is_a_definite_rejection_without_a_loop()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        var wrongKey = new ApiKeyCredentials(AtlasStubServer.PublicKey, "wrong-private-key-SECRET");

        var act = () => h.Client.CreateRestoreJobAsync(wrongKey, AtlasApiFamily.Flex, G, "c0", new AtlasRestoreRequest("6a6f78e0cab84da5c4476b25", "t", null), CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.HttpStatus.Should().Be(401);
        thrown.ErrorCode.Should().Be("UNAUTHORIZED");
        thrown.Message.Should().Be($"Atlas rejected POST /api/atlas/v2/groups/{G}/flexClusters/c0/backup/restoreJobs: 401 UNAUTHORIZED: You are not authorized for this resource.");
        h.Server.ApiRequests.Should().HaveCount(2, "the challenge and one answer; a refused answer is not repeated");
    }

    [Fact]
    public async Task Service_account_fetches_a_token_with_basic_auth_and_caches_it_until_a_minute_before_expiry()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);

        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(3539));
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var tokenRequest = h.Server.TokenRequests.Should().HaveCount(2, "the token is reused until 60 s before its 3600 s expiry").And.Subject.First();
        tokenRequest.Method.Should().Be("POST");
        tokenRequest.Header("Authorization").Should().Be("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AtlasStubServer.ClientId}:{AtlasStubServer.ClientSecret}")));
        tokenRequest.Header("Content-Type").Should().Be("application/x-www-form-urlencoded");
        tokenRequest.Header("Accept").Should().Be("application/json");
        tokenRequest.Body.Should().Be("grant_type=client_credentials");
        h.Server.ApiRequests.Select(r => r.Header("Authorization")).Should().Equal("Bearer access-token-1", "Bearer access-token-1", "Bearer access-token-2");
    }

    [Fact]
    public async Task Service_account_fetches_a_new_token_once_when_the_cached_one_is_refused()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);
        h.Server.RevokeTokens();

        await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        h.Server.TokenRequests.Should().HaveCount(2);
        h.Server.ApiRequests.Select(r => r.Header("Authorization")).Should().Equal("Bearer access-token-1", "Bearer access-token-1", "Bearer access-token-2");
    }

    [Fact]
    public async Task Service_account_refused_twice_is_rejected_after_exactly_one_refetch()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.ApiError(ctx, 401, "UNAUTHORIZED", "Token is not valid for this project.", "Unauthorized");

        var act = () => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "c0", CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.HttpStatus.Should().Be(401);
        h.Server.TokenRequests.Should().HaveCount(2);
        h.Server.ApiRequests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_refused_token_request_is_a_rejection_that_names_the_client_id_and_sends_nothing_to_the_api()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        var wrongSecret = new ServiceAccountCredentials(AtlasStubServer.ClientId, "wrong-client-secret-SECRET");

        var act = () => h.Client.CreateRestoreJobAsync(wrongSecret, AtlasApiFamily.Flex, G, "c0", new AtlasRestoreRequest("6a6f78e0cab84da5c4476b25", "t", null), CancellationToken.None);

        var thrown = (await act.Should().ThrowAsync<AtlasApiException>()).Which;
        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.HttpStatus.Should().Be(401);
        thrown.ErrorCode.Should().Be("invalid_client");
        thrown.Message.Should().Be($"Atlas refused to issue an OAuth token for service account {AtlasStubServer.ClientId}: 401 invalid_client: Client authentication failed.");
        h.Server.ApiRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_token_endpoint_outage_is_retried_because_nothing_reached_the_api()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, """{"id":"6a793f812c88faeba59bc399","status":"PENDING"}""", StubResponses.Flex);
        var calls = 0;
        h.Server.TokenEndpoint = (request, ctx) => Interlocked.Increment(ref calls) == 1
            ? StubResponses.ApiError(ctx, 503, "SERVICE_UNAVAILABLE", "Try later.", "Service Unavailable")
            : h.Server.IssueTokenAsync(request, ctx);

        var job = await h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", new AtlasRestoreRequest("6a6f78e0cab84da5c4476b25", "t", null), CancellationToken.None);

        job.Id.Should().Be("6a793f812c88faeba59bc399");
        h.Server.TokenRequests.Should().HaveCount(2);
        h.Server.ApiRequests.Should().ContainSingle();
    }

    [Fact]
    public async Task Digest_signs_the_full_request_target_when_the_base_url_has_a_path_prefix()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, ClusterJson, StubResponses.Flex);
        using var client = new AtlasClient(new AtlasClientOptions { BaseUrl = new Uri(h.Server.BaseUrl, "/atlas-proxy/") }, h.Time, h.Logger);

        var cluster = await client.GetFlexClusterAsync(AtlasClientHarness.ApiKey, G, "c0", CancellationToken.None);

        cluster.Name.Should().Be("c0");
        h.Server.Requests[^1].PathAndQuery.Should().Be($"/atlas-proxy/api/atlas/v2/groups/{G}/flexClusters/c0");
    }
}
