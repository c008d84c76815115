using System.Collections.Concurrent;

namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// A token bucket per Atlas project, on <see cref="TimeProvider"/> (so tests drive it with a fake clock).
/// A caller takes its token at once and, when the bucket is in debt, waits until the refill covers it: first
/// come, first served, without a background timer. A caller may also refuse a long wait: then it takes nothing.
/// </summary>
internal sealed class ProjectRateLimiter(TimeProvider timeProvider, int burst, int permitsPerPeriod, TimeSpan period)
{
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly double refillPerSecond = permitsPerPeriod / period.TotalSeconds;

    /// <summary>
    /// Waits for a permit only when one is free within <paramref name="maxWait"/> (infinite: any wait) and returns how long it waited;
    /// otherwise takes nothing and returns null, with <paramref name="freeIn"/> set to when a permit is free.
    /// </summary>
    public Task<TimeSpan>? TryAcquireAsync(string projectId, TimeSpan maxWait, out TimeSpan freeIn, CancellationToken cancellationToken)
    {
        var bucket = BucketOf(projectId);
        // Waiting for the next permit is always allowed, so a caller alone on its project is never turned away (with
        // a small burst, a pass that needs more calls than the burst would otherwise never get through).
        var maxDebt = maxWait == Timeout.InfiniteTimeSpan ? double.PositiveInfinity : Math.Max(1, maxWait.TotalSeconds * refillPerSecond);
        if (bucket.Take(timeProvider, burst, refillPerSecond, maxDebt) is not { } wait)
        {
            freeIn = bucket.TimeUntilFree(timeProvider, burst, refillPerSecond, 1);
            return null;
        }

        freeIn = TimeSpan.Zero;
        return WaitAsync(bucket, wait, cancellationToken);
    }

    /// <summary>How long until the project has <paramref name="permits"/> permits (at most the burst) free at once.</summary>
    public TimeSpan FreeIn(string projectId, int permits) =>
        BucketOf(projectId).TimeUntilFree(timeProvider, burst, refillPerSecond, Math.Clamp(permits, 1, burst));

    private Bucket BucketOf(string projectId) => buckets.GetOrAdd(projectId, _ => new Bucket(burst, timeProvider.GetTimestamp()));

    private async Task<TimeSpan> WaitAsync(Bucket bucket, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        try
        {
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The request will not be sent: hand its token back so later callers are not held for it.
            bucket.Return(burst);
            throw;
        }

        return wait;
    }

    private sealed class Bucket(double tokens, long lastRefill)
    {
        private readonly Lock gate = new();

        /// <summary>Takes a token unless that leaves the bucket more than <paramref name="maxDebt"/> short; returns the wait, or null.</summary>
        public TimeSpan? Take(TimeProvider clock, int capacity, double refillPerSecond, double maxDebt)
        {
            lock (gate)
            {
                Refill(clock, capacity, refillPerSecond);
                if (tokens - 1 < -maxDebt)
                {
                    return null;
                }

                tokens -= 1;
                return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / refillPerSecond);
            }
        }

        /// <summary>How long until callers could take <paramref name="permits"/> tokens without waiting.</summary>
        public TimeSpan TimeUntilFree(TimeProvider clock, int capacity, double refillPerSecond, int permits)
        {
            lock (gate)
            {
                Refill(clock, capacity, refillPerSecond);
                return tokens >= permits ? TimeSpan.Zero : TimeSpan.FromSeconds((permits - tokens) / refillPerSecond);
            }
        }

        public void Return(int capacity)
        {
            lock (gate)
            {
                tokens = Math.Min(capacity, tokens + 1);
            }
        }

        private void Refill(TimeProvider clock, int capacity, double refillPerSecond)
        {
            var now = clock.GetTimestamp();
            tokens = Math.Min(capacity, tokens + clock.GetElapsedTime(lastRefill, now).TotalSeconds * refillPerSecond);
            lastRefill = now;
        }
    }
}
