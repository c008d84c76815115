namespace AtlasRestoreOperator.Tests.Shared;

/// <summary>A fake timer that tells its <see cref="TimerObservingTimeProvider"/> whenever it is re-armed.</summary>
internal sealed class ObservedTimer(ITimer inner, TimerObservingTimeProvider owner) : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        var changed = inner.Change(dueTime, period);
        owner.Report(dueTime);
        return changed;
    }

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
