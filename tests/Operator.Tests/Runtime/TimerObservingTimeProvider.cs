using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>
/// A FakeTimeProvider that reports every finite due time a timer is created or re-armed with, so a test can wait until
/// the code under test is really waiting (for example in a backoff delay) before advancing the clock.
/// </summary>
public sealed class TimerObservingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Report(dueTime);
        return timer;
    }

    /// <summary>Waits for a timer armed with a due time of at most <paramref name="atMost"/> and returns that due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(TimeSpan atMost)
    {
        while (true)
        {
            var dueTime = await _armed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (dueTime <= atMost)
            {
                return dueTime;
            }
        }
    }

    internal void Report(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _armed.Writer.TryWrite(dueTime);
        }
    }
}
