using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer it creates, so a test can wait until the code under
/// test is actually waiting (for a given delay) before it advances the clock: no polling, no real sleeps.
/// </summary>
public sealed class ObservableFakeTimeProvider : FakeTimeProvider
{
    private readonly Lock gate = new();
    private readonly List<TimeSpan> unclaimed = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Signal)> waiters = [];

    public ObservableFakeTimeProvider() : base(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (gate)
        {
            var waiter = waiters.FirstOrDefault(w => w.Match(dueTime));
            if (waiter.Signal is not null)
            {
                waiters.Remove(waiter);
                waiter.Signal.TrySetResult(dueTime);
            }
            else
            {
                unclaimed.Add(dueTime);
            }
        }
        return timer;
    }

    /// <summary>Completes with the due time of the first (not yet claimed) timer that matches.</summary>
    public Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (gate)
        {
            var index = unclaimed.FindIndex(d => match(d));
            if (index >= 0)
            {
                var due = unclaimed[index];
                unclaimed.RemoveAt(index);
                return Task.FromResult(due);
            }
            var signal = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, signal));
            return signal.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
