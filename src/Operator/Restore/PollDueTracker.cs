using System.Collections.Concurrent;
using AtlasRestoreOperator.Entities;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Remembers when each running restore's next poll is due and the resourceVersion the object had then. The watch
/// echoes the operator's own status writes back as events; a reconcile of the same resourceVersion before the poll is
/// due therefore has nothing new to learn and waits instead of asking Atlas early. Any other change to the object (a
/// new resourceVersion) is looked at straight away. Lost on restart, which costs at most one early poll.
/// </summary>
public sealed class PollDueTracker
{
    private readonly ConcurrentDictionary<string, (string? ResourceVersion, DateTimeOffset Due)> due = new(StringComparer.Ordinal);

    /// <summary>The time left before the poll of this unchanged object is due, or null when it should be polled now.</summary>
    public TimeSpan? WaitLeft(AtlasSharedRestore restore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(restore);
        if (!due.TryGetValue(KeyOf(restore), out var entry) || entry.ResourceVersion != restore.Metadata.ResourceVersion)
        {
            return null;
        }

        var left = entry.Due - now;
        return left > TimeSpan.Zero ? left : null;
    }

    public void Record(AtlasSharedRestore restore, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(restore);
        due[KeyOf(restore)] = (restore.Metadata.ResourceVersion, at);
    }

    public void Forget(AtlasSharedRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        due.TryRemove(KeyOf(restore), out _);
    }

    private static string KeyOf(AtlasSharedRestore restore) =>
        restore.Metadata.Uid ?? $"{restore.Metadata.NamespaceProperty}/{restore.Metadata.Name}";
}
