namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>
/// One token bucket: <see cref="Capacity"/> requests at most, refilled continuously at <see cref="RefillAmount"/>
/// tokens per <see cref="RefillPeriod"/>, measured on the emulator's <see cref="TimeProvider"/>.
/// </summary>
public sealed record RateLimitOptions
{
    /// <summary>The bucket size, reported as <c>RateLimit-Limit</c>.</summary>
    public int Capacity { get; init; } = 100;

    /// <summary>Tokens added per <see cref="RefillPeriod"/>.</summary>
    public int RefillAmount { get; init; } = 100;

    /// <summary>The refill period.</summary>
    public TimeSpan RefillPeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A bucket so large that tests which do not care about rate limiting never meet it.</summary>
    public static RateLimitOptions Unlimited { get; } = new() { Capacity = 1_000_000, RefillAmount = 1_000_000 };
}
