using System.Globalization;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>The 429 answer of an empty token bucket, shaped like the documented sample.</summary>
internal static class RateLimitResponses
{
    public static EmulatorResponse Exhausted(string endpointSet, int retryAfter, RateLimitOptions options)
    {
        int period = (int)options.RefillPeriod.TotalSeconds;
        return ApiErrors.Create(
                429,
                "RATE_LIMITED_TOKEN_BUCKET",
                $"Rate limit exceeded for {endpointSet}. Please retry after {retryAfter} seconds. Request capacity: {options.Capacity}. Refill rate: {options.RefillAmount} per {period} seconds.",
                endpointSet, retryAfter, options.Capacity, options.RefillAmount, period)
            .WithHeader("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture))
            .WithHeader("RateLimit-Limit", options.Capacity.ToString(CultureInfo.InvariantCulture))
            .WithHeader("RateLimit-Remaining", "0");
    }
}
