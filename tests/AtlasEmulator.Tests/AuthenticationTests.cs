using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class AuthenticationTests : EmulatorTestBase
{
    private const string FlexCluster = Group + "/flexClusters/" + DemoSeed.FlexSourceCluster;

    [Fact]
    public async Task Request_without_credentials_gets_401_with_a_digest_challenge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, FlexCluster);
        request.Headers.TryAddWithoutValidation("Accept", FlexVersion);
        using HttpResponseMessage response = await Http.SendAsync(request);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        string challenge = response.Headers.WwwAuthenticate.ToString();
        challenge.Should().StartWith("Digest ").And.Contain("realm=\"MMS Public API\"").And.Contain("algorithm=MD5").And.Contain("qop=\"auth\"");
        DigestAuthorization.Field(challenge, "nonce").Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task Correct_digest_is_accepted_and_journaled_with_the_public_key_only()
    {
        using HttpResponseMessage response = await GetAsync(FlexCluster);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JournalEntry entry = Emulator.Journal.Entries.Last();
        entry.Operation.Should().Be(AtlasOperations.GetFlexCluster);
        entry.Identity.Should().Be(DemoSeed.PublicKey);
        Emulator.Journal.Entries.Should().NotContain(e => (e.Identity ?? string.Empty).Contains(DemoSeed.PrivateKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_private_key_gets_401_with_a_new_challenge()
    {
        using HttpResponseMessage response = await SendDigestAsync(HttpMethod.Get, FlexCluster, FlexVersion, password: "not-the-key");

        await ShouldBeApiErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Digest ");
    }

    [Fact]
    public async Task Digest_for_another_uri_is_rejected()
    {
        using HttpResponseMessage challenge = await Http.GetAsync(FlexCluster);
        using var request = new HttpRequestMessage(HttpMethod.Get, FlexCluster);
        request.Headers.TryAddWithoutValidation("Accept", FlexVersion);
        request.Headers.TryAddWithoutValidation("Authorization", DigestAuthorization.Create(
            challenge.Headers.WwwAuthenticate.ToString(), DemoSeed.PublicKey, DemoSeed.PrivateKey, "GET", Group + "/clusters/other"));

        using HttpResponseMessage response = await Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Expired_nonce_is_answered_with_a_stale_challenge()
    {
        using HttpResponseMessage challenge = await Http.GetAsync(FlexCluster);
        Clock.Advance(TimeSpan.FromMinutes(6));
        using var request = new HttpRequestMessage(HttpMethod.Get, FlexCluster);
        request.Headers.TryAddWithoutValidation("Accept", FlexVersion);
        request.Headers.TryAddWithoutValidation("Authorization", DigestAuthorization.Create(
            challenge.Headers.WwwAuthenticate.ToString(), DemoSeed.PublicKey, DemoSeed.PrivateKey, "GET", FlexCluster));

        using HttpResponseMessage response = await Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Contain("stale=true");
    }

    [Fact]
    public async Task Dotnet_http_handler_digest_support_works_against_the_emulator()
    {
        var credentials = new CredentialCache { { Emulator.BaseUrl, "Digest", new NetworkCredential(DemoSeed.PublicKey, DemoSeed.PrivateKey) } };
        using var handler = new HttpClientHandler { Credentials = credentials };
        using var client = new HttpClient(handler) { BaseAddress = Emulator.BaseUrl, Timeout = Safety };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{FlexCluster}/backup/restoreJobs")
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster }),
                MediaTypeHeaderValue.Parse(FlexVersion)),
        };
        request.Headers.Accept.ParseAdd(FlexVersion);

        using HttpResponseMessage response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Emulator.State.CountRestoreJobsFor(DemoSeed.ProjectId, DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task Service_account_token_is_issued_and_accepted_as_bearer()
    {
        using HttpResponseMessage tokenResponse = await RequestTokenAsync(DemoSeed.ClientId, DemoSeed.ClientSecret);
        tokenResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        using JsonDocument token = await ReadJsonAsync(tokenResponse);
        token.RootElement.GetProperty("token_type").GetString().Should().Be("Bearer");
        token.RootElement.GetProperty("expires_in").GetInt32().Should().Be(3600);

        using HttpResponseMessage response = await SendBearerAsync(HttpMethod.Get, FlexCluster, token.RootElement.GetProperty("access_token").GetString()!);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Emulator.Journal.Entries.Last().Identity.Should().Be(DemoSeed.ClientId);
    }

    [Fact]
    public async Task Token_expires_after_its_lifetime_on_the_clock()
    {
        string token = await GetTokenAsync();
        Clock.Advance(TimeSpan.FromMinutes(59));
        using (HttpResponseMessage stillValid = await SendBearerAsync(HttpMethod.Get, FlexCluster, token))
        {
            stillValid.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        using HttpResponseMessage expired = await SendBearerAsync(HttpMethod.Get, FlexCluster, token);

        await ShouldBeApiErrorAsync(expired, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        expired.Headers.WwwAuthenticate.ToString().Should().StartWith("Digest ");
    }

    [Fact]
    public async Task Revoked_token_no_longer_works()
    {
        string token = await GetTokenAsync();
        using HttpResponseMessage revoke = await Http.SendAsync(RevokeRequest(token));
        revoke.StatusCode.Should().Be(HttpStatusCode.OK);

        using HttpResponseMessage response = await SendBearerAsync(HttpMethod.Get, FlexCluster, token);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Wrong_client_secret_gets_invalid_client()
    {
        using HttpResponseMessage response = await RequestTokenAsync(DemoSeed.ClientId, "wrong");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("error").GetString().Should().Be("invalid_client");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("wrong");
    }

    [Fact]
    public async Task Unsupported_grant_type_is_rejected()
    {
        using HttpResponseMessage response = await RequestTokenAsync(DemoSeed.ClientId, DemoSeed.ClientSecret, "grant_type=password");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("error").GetString().Should().Be("unsupported_grant_type");
    }

    [Fact]
    public async Task Read_only_key_can_read_but_not_restore()
    {
        Emulator.State.AddApiKey(new SeedApiKey
        {
            PublicKey = "readonly",
            PrivateKey = "ro-secret",
            ProjectRoles = new Dictionary<string, IReadOnlyList<string>> { [DemoSeed.ProjectId] = [AtlasRoles.ProjectReadOnly] },
        });

        using HttpResponseMessage read = await SendDigestAsync(HttpMethod.Get, FlexCluster, FlexVersion, user: "readonly", password: "ro-secret");
        using HttpResponseMessage write = await SendDigestAsync(HttpMethod.Post, $"{FlexCluster}/backup/restoreJobs", FlexVersion,
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster }, FlexVersion, "readonly", "ro-secret");

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeApiErrorAsync(write, HttpStatusCode.Forbidden, "USER_UNAUTHORIZED");
        Emulator.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task Backup_recovery_operator_may_restore_flex_but_not_tenant()
    {
        Emulator.State.AddApiKey(new SeedApiKey
        {
            PublicKey = "operator",
            PrivateKey = "op-secret",
            ProjectRoles = new Dictionary<string, IReadOnlyList<string>> { [DemoSeed.ProjectId] = [AtlasRoles.ProjectBackupRecoveryOperator] },
        });

        using HttpResponseMessage flex = await SendDigestAsync(HttpMethod.Post, $"{FlexCluster}/backup/restoreJobs", FlexVersion,
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster }, FlexVersion, "operator", "op-secret");
        using HttpResponseMessage tenant = await SendDigestAsync(HttpMethod.Post, $"{Group}/clusters/{DemoSeed.TenantSourceCluster}/backup/tenant/restore",
            TenantVersion, new { snapshotId = DemoSeed.TenantSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster }, TenantVersion, "operator", "op-secret");

        flex.StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeApiErrorAsync(tenant, HttpStatusCode.Forbidden, "USER_UNAUTHORIZED");
    }

    private static HttpRequestMessage RevokeRequest(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/oauth/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DemoSeed.ClientId}:{DemoSeed.ClientSecret}")));
        return request;
    }
}
