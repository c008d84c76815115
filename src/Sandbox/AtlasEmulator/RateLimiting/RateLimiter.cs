using System.Collections.Concurrent;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.RateLimiting;

/// <summary>Token buckets keyed by scope (a project id, or a client id for the token endpoint).</summary>
internal sealed class RateLimiter(RateLimitOptions options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, TokenBucket> buckets = new(StringComparer.Ordinal);

    public RateLimitOptions Options => options;

    public bool TryTake(string scope, out int remaining, out int retryAfter)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        TokenBucket bucket = buckets.GetOrAdd(scope, _ => new TokenBucket(options, now));
        return bucket.TryTake(now, out remaining, out retryAfter);
    }
}
