using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Bench;

/// <summary>How the emulators of one scenario run.</summary>
public sealed record BenchEnvironmentOptions
{
    public required BenchSeed Seed { get; init; }

    public RestoreJobTimings Timings { get; init; } = new();

    /// <summary>The emulator's per-project bucket; the default is Atlas's documented 100 requests per minute.</summary>
    public RateLimitOptions RateLimit { get; init; } = new();

    /// <summary>Watch history of the Kubernetes emulator (large runs need more than the default).</summary>
    public int WatchHistorySize { get; init; } = 20_000;
}
