using System.Diagnostics.Metrics;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// A work queue of object keys with client-go semantics. A key is in at most one of: queued (dirty, waiting to be
/// handed out) or processing; a key added while it is processing is remembered (dirty) and queued again on
/// <see cref="Done"/>, so it is never handed out twice at once and no re-add is lost. Delayed adds keep the earliest
/// due time. Failures back off per key (<see cref="AddRateLimited"/>) until <see cref="Forget"/>; keys are never dropped.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<ObjectKey> _queue = new();
    private readonly HashSet<ObjectKey> _dirty = [];
    private readonly HashSet<ObjectKey> _processing = [];
    private readonly Dictionary<ObjectKey, DateTimeOffset> _delayed = [];
    private readonly Dictionary<ObjectKey, int> _failures = [];
    private readonly Queue<TaskCompletionSource<bool>> _waiters = new();
    private readonly TimeProvider _timeProvider;
    private readonly WorkQueueOptions _options;
    private readonly ITimer _timer;
    private DateTimeOffset? _timerDueAt;
    private bool _shuttingDown;

    public WorkQueue(TimeProvider timeProvider, WorkQueueOptions? options = null, RuntimeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _options = options ?? new WorkQueueOptions();
        if (_options.BackoffBase <= TimeSpan.Zero || _options.BackoffCap < _options.BackoffBase)
        {
            throw new ArgumentException("BackoffBase must be positive and BackoffCap at least BackoffBase.", nameof(options));
        }

        _timer = timeProvider.CreateTimer(_ => PromoteDueKeys(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        metrics?.Meter.CreateObservableGauge(
            "atlas_restore_operator.workqueue.depth", () => Depth, unit: "{key}",
            description: "Keys waiting to be reconciled (not counting delayed or in-progress keys).");
    }

    /// <summary>Keys ready to be handed out now.</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys waiting for a delayed add (requeue-after or backoff).</summary>
    public int DelayedCount
    {
        get
        {
            lock (_gate)
            {
                return _delayed.Count;
            }
        }
    }

    /// <summary>Keys handed out and not yet <see cref="Done"/>.</summary>
    public int ProcessingCount
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues the key now (a no-op when it is already queued; remembered when it is processing).</summary>
    public void Add(ObjectKey key)
    {
        lock (_gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Queues the key after <paramref name="delay"/>; an earlier pending due time for the key wins.</summary>
    public void AddAfter(ObjectKey key, TimeSpan delay)
    {
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(key);
                return;
            }

            var dueAt = _timeProvider.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var existing) && existing <= dueAt)
            {
                return;
            }

            _delayed[key] = dueAt;
            ArmTimerLocked();
        }
    }

    /// <summary>Queues the key after its next backoff step: base × 2^failures, capped.</summary>
    public void AddRateLimited(ObjectKey key)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            delay = BackoffFor(failures);
        }

        AddAfter(key, delay);
    }

    /// <summary>Clears the key's failure count, so its next backoff starts at the base again.</summary>
    public void Forget(ObjectKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>How many consecutive failures the key has had since it was last forgotten.</summary>
    public int NumRequeues(ObjectKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Waits for the next key and marks it processing; the caller must call <see cref="Done"/> with it.
    /// Returns null once the queue is shut down.
    /// </summary>
    public async Task<ObjectKey?> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource<bool> waiter;
            lock (_gate)
            {
                if (_shuttingDown)
                {
                    return null;
                }

                if (_queue.TryDequeue(out var key))
                {
                    _processing.Add(key);
                    _dirty.Remove(key);
                    return key;
                }

                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Enqueue(waiter);
            }

            using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetCanceled(), waiter))
            {
                await waiter.Task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ends processing of the key; a re-add that arrived meanwhile queues it again.</summary>
    public void Done(ObjectKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key) && !_shuttingDown)
            {
                _queue.Enqueue(key);
                WakeOneLocked();
            }
        }
    }

    /// <summary>Stops handing out keys; waiting <see cref="GetAsync"/> calls return null.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.TrySetResult(false);
            }
        }
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
    }

    internal TimeSpan BackoffFor(int failures)
    {
        // Doubling in ticks overflows quickly; stop doubling once past the cap.
        var delay = _options.BackoffBase;
        for (var i = 0; i < failures && delay < _options.BackoffCap; i++)
        {
            delay += delay;
        }

        return delay < _options.BackoffCap ? delay : _options.BackoffCap;
    }

    private void AddLocked(ObjectKey key)
    {
        if (_shuttingDown || !_dirty.Add(key))
        {
            return;
        }

        if (_processing.Contains(key))
        {
            return;
        }

        _queue.Enqueue(key);
        WakeOneLocked();
    }

    private void WakeOneLocked()
    {
        while (_waiters.TryDequeue(out var waiter))
        {
            // A waiter whose caller was cancelled is skipped, so the wake-up reaches a live one.
            if (waiter.TrySetResult(true))
            {
                return;
            }
        }
    }

    private void PromoteDueKeys()
    {
        lock (_gate)
        {
            _timerDueAt = null;
            if (_shuttingDown)
            {
                return;
            }

            var now = _timeProvider.GetUtcNow();
            var due = _delayed.Where(pair => pair.Value <= now).Select(pair => pair.Key).ToList();
            foreach (var key in due)
            {
                _delayed.Remove(key);
                AddLocked(key);
            }

            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        if (_delayed.Count == 0)
        {
            return;
        }

        var earliest = _delayed.Values.Min();
        if (_timerDueAt is { } armed && armed <= earliest)
        {
            return;
        }

        _timerDueAt = earliest;
        var wait = earliest - _timeProvider.GetUtcNow();
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
