using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>
/// A FakeTimeProvider that reports each timer created with a finite due time, so a test can wait until the code
/// under test is really waiting (for example in a backoff delay) before advancing the clock.
/// </summary>
public sealed class TimerObservingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _created.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits for a timer whose due time is at most <paramref name="atMost"/> and returns that due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(TimeSpan atMost)
    {
        while (true)
        {
            var dueTime = await _created.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (dueTime <= atMost)
            {
                return dueTime;
            }
        }
    }
}
