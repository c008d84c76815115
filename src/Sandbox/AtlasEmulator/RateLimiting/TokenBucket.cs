namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.RateLimiting;

/// <summary>One bucket: continuous refill at <c>RefillAmount / RefillPeriod</c>, capped at <c>Capacity</c>.</summary>
internal sealed class TokenBucket(RateLimitOptions options, DateTimeOffset now)
{
    private readonly object gate = new();
    private double tokens = options.Capacity;
    private DateTimeOffset refilledAt = now;

    /// <summary>Takes one token; on failure <paramref name="retryAfter"/> is when one is back (whole seconds, at least 1).</summary>
    public bool TryTake(DateTimeOffset now, out int remaining, out int retryAfter)
    {
        lock (gate)
        {
            double perSecond = options.RefillAmount / options.RefillPeriod.TotalSeconds;
            if (now > refilledAt)
            {
                tokens = Math.Min(options.Capacity, tokens + ((now - refilledAt).TotalSeconds * perSecond));
                refilledAt = now;
            }

            if (tokens >= 1)
            {
                tokens -= 1;
                remaining = (int)Math.Floor(tokens);
                retryAfter = 0;
                return true;
            }

            remaining = 0;
            retryAfter = Math.Max(1, (int)Math.Ceiling((1 - tokens) / perSecond));
            return false;
        }
    }
}
