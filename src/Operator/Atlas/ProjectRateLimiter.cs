using System.Collections.Concurrent;

namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// A token bucket per Atlas project, on <see cref="TimeProvider"/> (so tests drive it with a fake clock).
/// A caller takes its token at once and, when the bucket is in debt, waits until the refill covers it: first
/// come, first served, without a background timer.
/// </summary>
internal sealed class ProjectRateLimiter(TimeProvider timeProvider, int burst, int permitsPerPeriod, TimeSpan period)
{
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly double refillPerSecond = permitsPerPeriod / period.TotalSeconds;

    /// <summary>Waits for a permit for this project; returns how long it waited.</summary>
    public async Task<TimeSpan> AcquireAsync(string projectId, CancellationToken cancellationToken)
    {
        var bucket = buckets.GetOrAdd(projectId, _ => new Bucket(burst, timeProvider.GetTimestamp()));
        var wait = bucket.Take(timeProvider, burst, refillPerSecond);
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

        public TimeSpan Take(TimeProvider clock, int capacity, double refillPerSecond)
        {
            lock (gate)
            {
                var now = clock.GetTimestamp();
                tokens = Math.Min(capacity, tokens + clock.GetElapsedTime(lastRefill, now).TotalSeconds * refillPerSecond);
                lastRefill = now;
                tokens -= 1;
                return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / refillPerSecond);
            }
        }

        public void Return(int capacity)
        {
            lock (gate)
            {
                tokens = Math.Min(capacity, tokens + 1);
            }
        }
    }
}
