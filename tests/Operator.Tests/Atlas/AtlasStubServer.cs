using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>
/// A real HTTP server on 127.0.0.1 (port 0) that plays Atlas for the client tests: it checks HTTP Digest for real
/// (MD5) and issues OAuth tokens, records every request, and hands authenticated API calls to a scripted handler.
/// </summary>
public sealed class AtlasStubServer : IAsyncDisposable
{
    public const string PublicKey = "pubkey-abcdef";
    public const string PrivateKey = "11111111-private-key-SECRET";
    public const string ClientId = "mdb_sa_id_0123456789";
    public const string ClientSecret = "mdb_sa_sk_client-secret-SECRET";
    public const string Realm = "MMS Public API";

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<StubRequest> requests = [];
    private readonly List<(Func<IReadOnlyList<StubRequest>, bool> Condition, TaskCompletionSource Signal)> waiters = [];
    private readonly HashSet<string> validTokens = [];
    private readonly HashSet<string> pastNonces = [];
    private int nonceNumber = 1;
    private int tokensIssued;

    private AtlasStubServer(WebApplication app)
    {
        this.app = app;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Answers authenticated API calls; 404 unless a test scripts it.</summary>
    public Func<StubRequest, HttpContext, Task> Api { get; set; } =
        (_, context) => StubResponses.ApiError(context, 404, "RESOURCE_NOT_FOUND", "Nothing scripted here.", "Not Found");

    /// <summary>Replaces the token endpoint (to script its failures); null means the built-in one.</summary>
    public Func<StubRequest, HttpContext, Task>? TokenEndpoint { get; set; }

    public int TokenLifetimeSeconds { get; set; } = 3600;

    public string Nonce => "nonce-" + nonceNumber;

    public IReadOnlyList<StubRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return requests.ToArray();
            }
        }
    }

    public IReadOnlyList<StubRequest> ApiRequests => Requests.Where(r => r.Path.StartsWith("/api/atlas/", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<StubRequest> TokenRequests => Requests.Where(r => r.Path == "/api/oauth/token").ToArray();

    public static async Task<AtlasStubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new AtlasStubServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address);
        return server;
    }

    /// <summary>Starts a new nonce; answers with the old one then get a <c>stale=true</c> challenge.</summary>
    public void RotateNonce()
    {
        lock (gate)
        {
            pastNonces.Add(Nonce);
            nonceNumber++;
        }
    }

    /// <summary>Makes every token issued so far invalid (as if revoked or expired server-side).</summary>
    public void RevokeTokens()
    {
        lock (gate)
        {
            validTokens.Clear();
        }
    }

    /// <summary>Completes once the recorded requests satisfy the condition (a 10 s safety net).</summary>
    public Task WaitForAsync(Func<IReadOnlyList<StubRequest>, bool> condition)
    {
        lock (gate)
        {
            if (condition(requests))
            {
                return Task.CompletedTask;
            }
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((condition, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public Task WaitForApiRequestsAsync(int count) =>
        WaitForAsync(all => all.Count(r => r.Path.StartsWith("/api/atlas/", StringComparison.Ordinal)) >= count);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = await RecordAsync(context);
        if (request.Path == "/api/oauth/token")
        {
            await (TokenEndpoint ?? IssueTokenAsync)(request, context);
            return;
        }
        var authorization = request.Header("Authorization") ?? "";
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            bool valid;
            lock (gate)
            {
                valid = validTokens.Contains(authorization["Bearer ".Length..]);
            }
            if (!valid)
            {
                await StubResponses.ApiError(context, 401, "UNAUTHORIZED", "You are not authorized for this resource.", "Unauthorized");
                return;
            }
        }
        else if (authorization.StartsWith("Digest ", StringComparison.Ordinal))
        {
            var answeredNonce = StubDigest.ParseAuthorization(authorization).GetValueOrDefault("nonce") ?? "";
            string current;
            bool stale;
            lock (gate)
            {
                current = Nonce;
                stale = pastNonces.Contains(answeredNonce);
            }
            if (stale || !StubDigest.Verify(authorization, PublicKey, PrivateKey, Realm, current, request.Method, request.PathAndQuery))
            {
                await ChallengeAsync(context, stale);
                return;
            }
        }
        else
        {
            await ChallengeAsync(context, stale: false);
            return;
        }
        await Api(request, context);
    }

    private async Task<StubRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new StubRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body);
        lock (gate)
        {
            requests.Add(request);
            foreach (var waiter in waiters.Where(w => w.Condition(requests)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }
        return request;
    }

    private Task ChallengeAsync(HttpContext context, bool stale)
    {
        context.Response.Headers.WWWAuthenticate =
            $"Digest realm=\"{Realm}\", domain=\"\", nonce=\"{Nonce}\", algorithm=MD5, qop=\"auth\", stale={(stale ? "true" : "false")}";
        return StubResponses.ApiError(context, 401, "UNAUTHORIZED", "You are not authorized for this resource.", "Unauthorized");
    }

    /// <summary>The built-in token endpoint, for a scripted one to fall back to.</summary>
    public Task IssueTokenAsync(StubRequest request, HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + ClientSecret));
        if (request.Header("Authorization") != expected || request.Body != "grant_type=client_credentials")
        {
            return StubResponses.Json(context, 401, """{"error":"invalid_client","error_description":"Client authentication failed."}""");
        }
        string token;
        lock (gate)
        {
            token = "access-token-" + ++tokensIssued;
            validTokens.Add(token);
        }
        return StubResponses.Json(context, 200, $$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":{{TokenLifetimeSeconds}}}""");
    }
}
