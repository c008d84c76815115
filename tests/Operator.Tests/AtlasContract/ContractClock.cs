using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>
/// The one fake clock shared by the client and the emulator. It remembers the due time of every timer created on it,
/// so a test can see what the client is waiting for (a limiter or Retry-After delay) and advance exactly that far.
/// </summary>
public sealed class ContractClock : FakeTimeProvider
{
    /// <summary>After the demo seed's snapshots finished and before they expire.</summary>
    public static readonly DateTimeOffset StartTime = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    private readonly Lock gate = new();
    private readonly List<TimeSpan> created = [];
    private readonly List<(int After, Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Signal)> waiters = [];

    public ContractClock() : base(StartTime)
    {
    }

    /// <summary>Due times of all timers created so far, in creation order.</summary>
    public IReadOnlyList<TimeSpan> TimersCreated
    {
        get
        {
            lock (gate)
            {
                return [.. created];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource<TimeSpan>> signalled = [];
        lock (gate)
        {
            created.Add(dueTime);
            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Match(dueTime))
                {
                    signalled.Add(waiters[i].Signal);
                    waiters.RemoveAt(i);
                }
            }
        }
        foreach (var signal in signalled)
        {
            signal.TrySetResult(dueTime);
        }
        return timer;
    }

    /// <summary>
    /// Completes with the due time of the first timer created from position <paramref name="after"/> of
    /// <see cref="TimersCreated"/> on that matches; fails after a generous safety timeout.
    /// </summary>
    public Task<TimeSpan> WaitForTimerAsync(int after, Func<TimeSpan, bool> match)
    {
        lock (gate)
        {
            for (var i = after; i < created.Count; i++)
            {
                if (match(created[i]))
                {
                    return Task.FromResult(created[i]);
                }
            }
            var signal = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((after, match, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>How many timers have been created so far (a position for <see cref="WaitForTimerAsync"/>).</summary>
    public int TimerCount
    {
        get
        {
            lock (gate)
            {
                return created.Count;
            }
        }
    }
}
