using System.Diagnostics.Metrics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Runtime.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, after client-go's algorithm.
/// A candidate takes the Lease when it is absent, released (no holder), or has not changed for a lease duration as
/// measured on this process's clock since it was last seen to change (so clock skew between nodes does not matter).
/// A leader renews every retry period and stops leading when it has not renewed for the renew deadline, or when it
/// finds another holder; the work token is cancelled at that moment, which is before any other candidate may take
/// the Lease. On graceful shutdown the Lease is released so a standby takes over at once.
/// </summary>
public sealed class LeaderElector : IDisposable
{
    /// <summary>The meter of leader-election metrics: <c>leader</c> (1 while leading) and <c>leadership_losses</c>.</summary>
    public const string MeterName = "AtlasRestoreOperator.LeaderElection";

    private readonly ILeaseStore store;
    private readonly LeaderElectionOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<LeaderElector> logger;
    private readonly Lock gate = new();
    private readonly Meter meter;
    private readonly Counter<long> losses;
    private LeaseRecord? observedRecord;
    private DateTimeOffset observedAt;
    private string? observedHolder;
    private DateTimeOffset? parkedUntil;
    private volatile bool isLeader;
    private int running;

    public LeaderElector(ILeaseStore store, LeaderElectionOptions options, TimeProvider timeProvider, ILogger<LeaderElector> logger)
    {
        options.Validate();
        this.store = store;
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
        meter = new Meter(MeterName);
        var lease = new KeyValuePair<string, object?>("lease", store.Lease.ToString());
        meter.CreateObservableGauge("leader", () => new Measurement<int>(isLeader ? 1 : 0, lease), description: "1 while this replica leads the lease, else 0.");
        losses = meter.CreateCounter<long>("leadership_losses", description: "Times this replica lost leadership without giving it up.");
    }

    /// <summary>Raised (on the elector's task) right after this candidate became leader, before the work starts.</summary>
    public event Action? StartedLeading;

    /// <summary>Raised after leadership ended (lost, released or shut down) and the work has stopped.</summary>
    public event Action? StoppedLeading;

    /// <summary>Raised when a different holder is observed on the Lease; null when it was released.</summary>
    public event Action<string?>? LeaderChanged;

    /// <summary>Raised for tests each time the elector starts waiting for time to pass (see <see cref="ParkedUntil"/>).</summary>
    internal event Action? Parked;

    /// <summary>This candidate's holderIdentity.</summary>
    public string Identity => options.Identity;

    /// <summary>True while <see cref="RunAsync"/> runs: this replica is either leading or standing by to take over.</summary>
    public bool IsRunning => Volatile.Read(ref running) == 1;

    /// <summary>True from just before the work starts until leadership is given up.</summary>
    public bool IsLeader => isLeader;

    /// <summary>The holder last seen on the Lease (possibly this candidate), or null.</summary>
    public string? CurrentLeader
    {
        get
        {
            lock (gate)
            {
                return observedHolder;
            }
        }
    }

    /// <summary>When the elector is idle waiting on its clock, the time it wakes at; null while it is doing something.</summary>
    internal DateTimeOffset? ParkedUntil
    {
        get
        {
            lock (gate)
            {
                return parkedUntil;
            }
        }
    }

    /// <summary>
    /// Campaigns until <paramref name="cancellationToken"/> is cancelled. Each time this candidate becomes leader it
    /// calls <paramref name="onStartedLeading"/> with a token that is cancelled the moment leadership is lost or the
    /// process shuts down; after a loss it campaigns again (and calls the work again with a fresh token when it wins).
    /// Completes normally on shutdown (after releasing the Lease) or when the work returns on its own; rethrows an
    /// exception thrown by the work (after releasing the Lease).
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        if (Interlocked.Exchange(ref running, 1) == 1)
        {
            throw new InvalidOperationException("this leader elector is already running");
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var acquiredAt = await AcquireAsync(cancellationToken).ConfigureAwait(false);
                if (acquiredAt is null)
                {
                    return;
                }

                var finished = await LeadAsync(onStartedLeading, acquiredAt.Value, cancellationToken).ConfigureAwait(false);
                if (finished)
                {
                    return;
                }
            }
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    public void Dispose() => meter.Dispose();

    /// <summary>Tries until it holds the Lease; returns the time its winning write was sent, or null when cancelled.</summary>
    private async Task<DateTimeOffset?> AcquireAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Campaigning for lease {Lease} as {Identity}", store.Lease, Identity);
        while (!cancellationToken.IsCancellationRequested)
        {
            var sentAt = timeProvider.GetUtcNow();
            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
                {
                    return sentAt;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not read or write lease {Lease}; retrying in {RetryPeriod}", store.Lease, options.RetryPeriod);
            }

            if (!await WaitAsync(options.RetryPeriod, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Leads until the work ends, leadership is lost or shutdown; returns true when RunAsync should return.</summary>
    private async Task<bool> LeadAsync(Func<CancellationToken, Task> onStartedLeading, DateTimeOffset renewedAt, CancellationToken cancellationToken)
    {
        var firstDeadline = options.RenewDeadline - (timeProvider.GetUtcNow() - renewedAt);
        using var renewDeadline = new CancellationTokenSource(firstDeadline > TimeSpan.Zero ? firstDeadline : TimeSpan.Zero, timeProvider);
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, renewDeadline.Token);

        isLeader = true;
        logger.LogInformation("Became leader of lease {Lease} as {Identity}", store.Lease, Identity);
        StartedLeading?.Invoke();

        var work = Task.Run(() => onStartedLeading(leadership.Token), CancellationToken.None);
        var renewals = RenewLoopAsync(renewDeadline, leadership.Token);
        var first = await Task.WhenAny(work, renewals).ConfigureAwait(false);
        var workEndedOnItsOwn = first == work && !leadership.IsCancellationRequested;
        await leadership.CancelAsync().ConfigureAwait(false);
        var end = await renewals.ConfigureAwait(false);

        Exception? workFailure = null;
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
            // The work stopped because leadership ended, as asked.
        }
        catch (Exception e)
        {
            workFailure = e;
        }

        isLeader = false;
        if (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Stopped leading lease {Lease}: shutting down", store.Lease);
        }
        else if (workEndedOnItsOwn)
        {
            logger.LogInformation("Stopped leading lease {Lease}: the work ended", store.Lease);
        }
        else
        {
            losses.Add(1, new KeyValuePair<string, object?>("lease", store.Lease.ToString()));
            logger.LogWarning("Lost leadership of lease {Lease}: {Reason}", store.Lease, end == LeadershipEnd.AnotherHolder
                ? "another candidate holds it"
                : $"no successful renewal within the renew deadline ({options.RenewDeadline})");
        }

        StoppedLeading?.Invoke();

        var finished = cancellationToken.IsCancellationRequested || workEndedOnItsOwn || workFailure is not null;
        if (finished)
        {
            await ReleaseAsync().ConfigureAwait(false);
        }

        if (workFailure is not null)
        {
            ExceptionDispatchInfo.Throw(workFailure);
        }

        return finished;
    }

    private async Task<LeadershipEnd> RenewLoopAsync(CancellationTokenSource renewDeadline, CancellationToken leadership)
    {
        while (true)
        {
            if (!await WaitAsync(options.RetryPeriod, leadership).ConfigureAwait(false))
            {
                return renewDeadline.IsCancellationRequested ? LeadershipEnd.RenewDeadlinePassed : LeadershipEnd.Stopped;
            }

            var sentAt = timeProvider.GetUtcNow();
            try
            {
                if (!await TryAcquireOrRenewAsync(leadership).ConfigureAwait(false))
                {
                    return LeadershipEnd.AnotherHolder;
                }

                // The deadline counts from the renewTime just written, not from when the answer came back.
                var remaining = options.RenewDeadline - (timeProvider.GetUtcNow() - sentAt);
                if (remaining > TimeSpan.Zero)
                {
                    renewDeadline.CancelAfter(remaining);
                }
                else
                {
                    await renewDeadline.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (leadership.IsCancellationRequested)
            {
                return renewDeadline.IsCancellationRequested ? LeadershipEnd.RenewDeadlinePassed : LeadershipEnd.Stopped;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not renew lease {Lease}; leadership ends if no renewal succeeds within {RenewDeadline}", store.Lease, options.RenewDeadline);
            }
        }
    }

    /// <summary>One read-decide-write round; a 409 re-reads once. True when this candidate holds the Lease after it.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var durationSeconds = (int)options.LeaseDuration.TotalSeconds;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var current = await store.GetAsync(cancellationToken).ConfigureAwait(false);
            var now = timeProvider.GetUtcNow();
            Observe(current, now);
            try
            {
                if (current is null)
                {
                    var created = await store.CreateAsync(new LeaseRecord(Identity, now, now, durationSeconds, 0), cancellationToken).ConfigureAwait(false);
                    Observe(created, now);
                    return true;
                }

                var heldBySelf = current.HolderIdentity == Identity;
                if (!heldBySelf && !string.IsNullOrEmpty(current.HolderIdentity) && !HasExpired(current, now))
                {
                    return false;
                }

                var next = heldBySelf
                    ? current with { RenewTime = now, LeaseDurationSeconds = durationSeconds }
                    : new LeaseRecord(Identity, now, now, durationSeconds, current.LeaseTransitions + 1, current.ResourceVersion);
                var stored = await store.ReplaceAsync(next, cancellationToken).ConfigureAwait(false);
                Observe(stored, now);
                return true;
            }
            catch (ResourceConflictException)
            {
                logger.LogDebug("Lease {Lease} changed while {Identity} was writing it; re-reading", store.Lease, Identity);
            }
        }

        return false;
    }

    private bool HasExpired(LeaseRecord lease, DateTimeOffset now)
    {
        var duration = lease.LeaseDurationSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : options.LeaseDuration;
        lock (gate)
        {
            return observedAt + duration <= now;
        }
    }

    private void Observe(LeaseRecord? lease, DateTimeOffset now)
    {
        string? changedTo;
        lock (gate)
        {
            if (lease == observedRecord)
            {
                return;
            }

            observedRecord = lease;
            observedAt = now;
            var holder = string.IsNullOrEmpty(lease?.HolderIdentity) ? null : lease.HolderIdentity;
            if (holder == observedHolder)
            {
                return;
            }

            observedHolder = holder;
            changedTo = holder;
        }

        logger.LogInformation("Lease {Lease} is now held by {Holder}", store.Lease, changedTo ?? "nobody");
        LeaderChanged?.Invoke(changedTo);
    }

    private async Task ReleaseAsync()
    {
        // The caller's token is already cancelled at shutdown; the release gets its own short budget.
        using var budget = new CancellationTokenSource(options.RenewDeadline, timeProvider);
        try
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var current = await store.GetAsync(budget.Token).ConfigureAwait(false);
                if (current is null || current.HolderIdentity != Identity)
                {
                    return;
                }

                var now = timeProvider.GetUtcNow();
                var released = new LeaseRecord(null, now, now, 1, current.LeaseTransitions, current.ResourceVersion);
                try
                {
                    var stored = await store.ReplaceAsync(released, budget.Token).ConfigureAwait(false);
                    Observe(stored, now);
                    logger.LogInformation("Released lease {Lease}", store.Lease);
                    return;
                }
                catch (ResourceConflictException)
                {
                    logger.LogDebug("Lease {Lease} changed while releasing it; re-reading", store.Lease);
                }
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not release lease {Lease}; another candidate takes it when it expires", store.Lease);
        }
    }

    /// <summary>Waits on the TimeProvider; false when cancelled. Tracks <see cref="ParkedUntil"/> synchronously with the clock.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var woken = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var wakeAt = timeProvider.GetUtcNow() + delay;
        using var timer = timeProvider.CreateTimer(_ => Wake(woken, true), null, delay, Timeout.InfiniteTimeSpan);
        await using var registration = cancellationToken.Register(() => Wake(woken, false)).ConfigureAwait(false);
        lock (gate)
        {
            if (!woken.Task.IsCompleted)
            {
                parkedUntil = wakeAt;
            }
        }

        Parked?.Invoke();
        return await woken.Task.ConfigureAwait(false);
    }

    private void Wake(TaskCompletionSource<bool> woken, bool elapsed)
    {
        lock (gate)
        {
            if (woken.TrySetResult(elapsed))
            {
                parkedUntil = null;
            }
        }
    }

    private enum LeadershipEnd
    {
        Stopped,
        RenewDeadlinePassed,
        AnotherHolder,
    }
}
