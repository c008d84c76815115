using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

/// <summary>Starts a fresh emulator on 127.0.0.1:0 with a fake clock for each test, and talks to it over real HTTP.</summary>
public abstract class EmulatorTestBase : IAsyncLifetime
{
    public const string FlexVersion = "application/vnd.atlas.2024-11-13+json";
    public const string TenantVersion = "application/vnd.atlas.2023-01-01+json";
    public const string ClusterVersion = "application/vnd.atlas.2024-08-05+json";
    public const string Group = "/api/atlas/v2/groups/" + DemoSeed.ProjectId;

    protected static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    protected AtlasEmulator Emulator { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    /// <summary>Options of the emulator under test; override to change the seed, limits or timings.</summary>
    protected virtual AtlasEmulatorOptions Options => new()
    {
        TimeProvider = Clock,
        RateLimit = RateLimitOptions.Unlimited,
        TokenEndpointRateLimit = RateLimitOptions.Unlimited,
    };

    public async Task InitializeAsync()
    {
        Emulator = await AtlasEmulator.StartAsync(Options);
        Http = new HttpClient { BaseAddress = Emulator.BaseUrl, Timeout = Safety };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Sends with HTTP Digest: a first request for the challenge, then the authenticated one.</summary>
    protected async Task<HttpResponseMessage> SendDigestAsync(HttpMethod method, string pathAndQuery, string? accept, object? body = null,
        string? contentType = null, string user = DemoSeed.PublicKey, string password = DemoSeed.PrivateKey)
    {
        using HttpResponseMessage challenge = await Http.SendAsync(Build(method, pathAndQuery, accept, body, contentType));
        challenge.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the first Digest request is answered with a challenge");
        string header = challenge.Headers.WwwAuthenticate.ToString();
        HttpRequestMessage request = Build(method, pathAndQuery, accept, body, contentType);
        request.Headers.TryAddWithoutValidation("Authorization", DigestAuthorization.Create(header, user, password, method.Method, pathAndQuery));
        return await Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> GetAsync(string pathAndQuery, string? accept = FlexVersion) =>
        SendDigestAsync(HttpMethod.Get, pathAndQuery, accept);

    protected Task<HttpResponseMessage> PostAsync(string pathAndQuery, object body, string version = FlexVersion) =>
        SendDigestAsync(HttpMethod.Post, pathAndQuery, version, body, version);

    /// <summary>Gets an access token with the client-credentials grant.</summary>
    protected async Task<string> GetTokenAsync(string clientId = DemoSeed.ClientId, string secret = DemoSeed.ClientSecret)
    {
        using HttpResponseMessage response = await RequestTokenAsync(clientId, secret);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using JsonDocument json = await ReadJsonAsync(response);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    protected Task<HttpResponseMessage> RequestTokenAsync(string clientId, string secret, string form = "grant_type=client_credentials")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/oauth/token")
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        request.Headers.Accept.ParseAdd("application/json");
        return Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> SendBearerAsync(HttpMethod method, string pathAndQuery, string token, string? accept = FlexVersion, object? body = null)
    {
        HttpRequestMessage request = Build(method, pathAndQuery, accept, body, accept);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request);
    }

    protected static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>Creates a Flex restore job of the demo's newest snapshot and returns its id.</summary>
    protected async Task<string> CreateFlexRestoreAsync(string target = DemoSeed.FlexTargetCluster, string snapshotId = DemoSeed.FlexSnapshotId)
    {
        using HttpResponseMessage response = await PostAsync($"{Group}/flexClusters/{DemoSeed.FlexSourceCluster}/backup/restoreJobs",
            new { snapshotId, targetDeploymentItemName = target, targetProjectId = DemoSeed.ProjectId });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using JsonDocument json = await ReadJsonAsync(response);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    protected static async Task ShouldBeApiErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        string text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Headers.GetValues("X-Error-Code").Should().Equal(errorCode);
        using JsonDocument json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("error").GetInt32().Should().Be((int)status);
        json.RootElement.GetProperty("errorCode").GetString().Should().Be(errorCode);
        json.RootElement.GetProperty("reason").GetString().Should().NotBeNullOrEmpty();
        json.RootElement.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
    }

    private static HttpRequestMessage Build(HttpMethod method, string pathAndQuery, string? accept, object? body, string? contentType)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (body is not null)
        {
            string json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return request;
    }
}
