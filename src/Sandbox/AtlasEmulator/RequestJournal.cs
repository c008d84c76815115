namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>
/// Every request the emulator answered (or dropped), in order. Tests read <see cref="Entries"/>, count with
/// <see cref="Count"/>, and await a request with <see cref="WaitForAsync"/> instead of sleeping.
/// </summary>
public sealed class RequestJournal
{
    private readonly object gate = new();
    private readonly List<JournalEntry> entries = [];
    private long sequence;
    private readonly List<(Func<JournalEntry, bool> Predicate, TaskCompletionSource<JournalEntry> Completion)> waiters = [];

    /// <summary>Raised after an entry is recorded, outside the journal's lock.</summary>
    public event EventHandler<JournalEntry>? EntryRecorded;

    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    /// <summary>
    /// How many authenticated requests of the operation were received, whatever the answer. Digest challenge round
    /// trips (the unauthenticated first request) are not counted; use <see cref="Count(Func{JournalEntry, bool})"/> for those.
    /// </summary>
    public int Count(string operation)
    {
        lock (gate)
        {
            return entries.Count(entry => entry.Operation == operation && entry.Identity is not null);
        }
    }

    /// <summary>How many entries match the predicate.</summary>
    public int Count(Func<JournalEntry, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (gate)
        {
            return entries.Count(predicate);
        }
    }

    /// <summary>Completes with the first entry, already recorded or still to come, that matches the predicate.</summary>
    public Task<JournalEntry> WaitForAsync(Func<JournalEntry, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (gate)
        {
            JournalEntry? existing = entries.Find(entry => predicate(entry));
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            var completion = new TaskCompletionSource<JournalEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((predicate, completion));
            return completion.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> authenticated requests of the operation are recorded.</summary>
    public Task WaitForCountAsync(string operation, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        lock (gate)
        {
            // Count under the lock and register the waiter in the same critical section, so no entry is missed.
            int seen = entries.Count(entry => entry.Operation == operation && entry.Identity is not null);
            if (seen >= count)
            {
                return Task.CompletedTask;
            }

            var completion = new TaskCompletionSource<JournalEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((entry => entry.Operation == operation && entry.Identity is not null && ++seen >= count, completion));
            return completion.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Forgets every entry (waiters stay).</summary>
    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    internal JournalEntry Record(Func<long, JournalEntry> create)
    {
        JournalEntry entry;
        List<TaskCompletionSource<JournalEntry>> completed = [];
        lock (gate)
        {
            entry = create(++sequence);
            entries.Add(entry);
            for (int i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Predicate(entry))
                {
                    completed.Add(waiters[i].Completion);
                    waiters.RemoveAt(i);
                }
            }
        }

        foreach (TaskCompletionSource<JournalEntry> completion in completed)
        {
            completion.TrySetResult(entry);
        }

        EntryRecorded?.Invoke(this, entry);
        return entry;
    }
}
