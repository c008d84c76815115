using System.Net;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>
/// A local Atlas Admin API: a real HTTP server on 127.0.0.1 serving the tenant and Flex backup endpoints, the cluster
/// look-ups and the OAuth token endpoint, with Digest and Bearer authentication, versioned media types, Atlas error
/// bodies, clock-driven restore jobs, rate limiting, fault injection and a request journal.
/// </summary>
public sealed class AtlasEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private int tenantMode = (int)TenantApiMode.Serving;
    private int stopped;

    private AtlasEmulator(WebApplication app, AtlasEmulatorState state, RequestJournal journal, FaultInjector faults)
    {
        this.app = app;
        State = state;
        Journal = journal;
        Faults = faults;
    }

    /// <summary>The root to use as the Atlas base URL, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public AtlasEmulatorState State { get; }

    public RequestJournal Journal { get; }

    public FaultInjector Faults { get; }

    /// <summary>How the retired tenant endpoints answer; switchable at any time.</summary>
    public TenantApiMode TenantMode
    {
        get => (TenantApiMode)Volatile.Read(ref tenantMode);
        set => Volatile.Write(ref tenantMode, (int)value);
    }

    /// <summary>Starts the server with the seed applied; it listens once the task completes.</summary>
    public static async Task<AtlasEmulator> StartAsync(AtlasEmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var state = new AtlasEmulatorState(options.TimeProvider, options.Timings);
        state.Apply(options.Seed);
        var journal = new RequestJournal();
        var faults = new FaultInjector(options.FaultRandomSeed);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        WebApplication app = builder.Build();

        var emulator = new AtlasEmulator(app, state, journal, faults);
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AtlasRestoreOperator.Sandbox.AtlasEmulator");
        var tokens = new OAuthTokenStore(state, options.TimeProvider, options.TokenLifetime);
        var pipeline = new AtlasRequestPipeline(
            journal,
            faults,
            () => emulator.TenantMode,
            new DigestAuthenticator(state, options.TimeProvider, options.DigestNonceLifetime),
            tokens,
            new RateLimiter(options.RateLimit, options.TimeProvider),
            new OAuthEndpoints(tokens, new RateLimiter(options.TokenEndpointRateLimit, options.TimeProvider)),
            new ApiHandlers(state, logger),
            options.TimeProvider,
            () => emulator.BaseUrl.GetLeftPart(UriPartial.Authority),
            logger,
            emulator.stopping.Token);
        app.Run(pipeline.InvokeAsync);

        await app.StartAsync(ct).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        emulator.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        logger.LogInformation("Atlas emulator listening on {BaseUrl}", emulator.BaseUrl);
        return emulator;
    }

    private static void Validate(AtlasEmulatorOptions options)
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, nameof(options));
            }
        }

        Require(options.Port is >= 0 and <= 65535, $"Port must be 0 (any free port) to 65535; got {options.Port}.");
        foreach ((string name, RateLimitOptions limit) in new[] { ("RateLimit", options.RateLimit), ("TokenEndpointRateLimit", options.TokenEndpointRateLimit) })
        {
            Require(limit.Capacity > 0 && limit.RefillAmount > 0 && limit.RefillPeriod > TimeSpan.Zero,
                $"{name} needs Capacity > 0, RefillAmount > 0 and RefillPeriod > 0; got {limit.Capacity}, {limit.RefillAmount}, {limit.RefillPeriod}.");
        }

        Require(options.TokenLifetime > TimeSpan.Zero, $"TokenLifetime must be positive; got {options.TokenLifetime}.");
        Require(options.DigestNonceLifetime > TimeSpan.Zero, $"DigestNonceLifetime must be positive; got {options.DigestNonceLifetime}.");
        Require(options.Timings.Pending >= TimeSpan.Zero && options.Timings.Queued >= TimeSpan.Zero && options.Timings.Running >= TimeSpan.Zero,
            "Timings must not be negative.");
    }

    /// <summary>Stops listening; held and delayed requests are dropped.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }
}
