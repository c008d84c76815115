using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>How an <see cref="AtlasEmulator"/> is started.</summary>
public sealed record AtlasEmulatorOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one (read it from <see cref="AtlasEmulator.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>The clock for restore-job progress, token and nonce expiry, rate limiting and latency faults.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The projects, clusters, snapshots, jobs and credentials the emulator starts with.</summary>
    public AtlasSeed Seed { get; init; } = AtlasSeed.Demo;

    /// <summary>Phase durations of restore and download jobs.</summary>
    public RestoreJobTimings Timings { get; init; } = new();

    /// <summary>The per-project bucket shared by all <c>/api/atlas/v2/groups/{groupId}/...</c> calls.</summary>
    public RateLimitOptions RateLimit { get; init; } = new();

    /// <summary>The bucket of <c>/api/oauth/token</c> and <c>/api/oauth/revoke</c>, one per client id.</summary>
    public RateLimitOptions TokenEndpointRateLimit { get; init; } = new();

    /// <summary>Lifetime of issued OAuth access tokens (<c>expires_in</c>).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a Digest nonce is accepted; after that the client gets a fresh challenge with <c>stale=true</c>.</summary>
    public TimeSpan DigestNonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed of the <see cref="Random"/> that decides probabilistic faults, so runs repeat.</summary>
    public int FaultRandomSeed { get; init; } = 20260122;

    /// <summary>Configures the server's logging; by default all providers are removed so tests stay quiet.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
