using System.Collections.Concurrent;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Remembers, per submission attempt held by another operator instance, that this instance already said (event
/// <c>WaitingForLease</c>) it waits for that lease, so every later pass of the wait stays silent. Lost on restart,
/// which costs one more event.
/// </summary>
public sealed class LeaseWaitAnnouncements
{
    private readonly ConcurrentDictionary<string, bool> announced = new(StringComparer.Ordinal);

    /// <summary>True the first time it is asked about <paramref name="attemptKey"/> (until forgotten).</summary>
    public bool FirstTime(string attemptKey) => announced.TryAdd(attemptKey, true);

    public void Forget(string attemptKey) => announced.TryRemove(attemptKey, out _);
}
