using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Tests.Shared;

/// <summary>
/// A FakeTimeProvider that reports the due time of every timer created or re-armed on it, so a test can wait until
/// the code under test is really waiting (in a backoff, or after re-arming a watch's stall guard) before it advances
/// the clock or looks at the result. Linked into each test project that needs it (tests/Shared).
/// </summary>
public sealed class TimerObservingTimeProvider : FakeTimeProvider
{
    private static readonly TimeSpan DefaultSafetyNet = TimeSpan.FromSeconds(10);

    private readonly Channel<TimeSpan> armed = Channel.CreateUnbounded<TimeSpan>();

    public TimerObservingTimeProvider()
    {
    }

    public TimerObservingTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Report(dueTime);
        return timer;
    }

    /// <summary>Forgets the timers reported so far: the next wait sees only what is armed from now on.</summary>
    public void ForgetReportedTimers()
    {
        while (armed.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Awaits the next timer armed with a due time of at most <paramref name="atMost"/>, and returns that due time.</summary>
    public Task<TimeSpan> WaitForTimerAsync(TimeSpan atMost) => WaitForTimerAsync(due => due <= atMost, DefaultSafetyNet);

    /// <summary>Awaits the next timer armed with a due time <paramref name="match"/> accepts, and returns that due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, TimeSpan safetyNet)
    {
        using var cancel = new CancellationTokenSource(safetyNet);
        try
        {
            while (true)
            {
                var dueTime = await armed.Reader.ReadAsync(cancel.Token);
                if (match(dueTime))
                {
                    return dueTime;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"no matching timer was armed within {safetyNet}");
        }
    }

    internal void Report(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            armed.Writer.TryWrite(dueTime);
        }
    }
}
