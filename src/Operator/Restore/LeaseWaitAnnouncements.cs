using System.Collections.Concurrent;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Remembers, per object, the submission attempt held by another operator instance that this instance already said
/// (event <c>WaitingForLease</c>) it waits for, so every later pass of the wait stays silent. One entry per object at
/// most, since only its latest attempt matters; lost on restart, which costs one more event.
/// </summary>
public sealed class LeaseWaitAnnouncements
{
    private readonly ConcurrentDictionary<string, string> announcedAttempt = new(StringComparer.Ordinal);

    /// <summary>True the first time it is asked about <paramref name="attemptId"/> of the object (until forgotten).</summary>
    public bool FirstTime(string objectUid, string attemptId)
    {
        // A key is never reconciled twice at once, so no other pass races this read-then-write for one object.
        if (announcedAttempt.TryGetValue(objectUid, out var announced) && announced == attemptId)
        {
            return false;
        }

        announcedAttempt[objectUid] = attemptId;
        return true;
    }

    public void Forget(string objectUid) => announcedAttempt.TryRemove(objectUid, out _);
}
