using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// Connects an <see cref="Informer{T}"/> to an <see cref="IReconciler"/> through a <see cref="WorkQueue"/>: every changed
/// key is queued, and <see cref="ControllerOptions.MaxConcurrentReconciles"/> workers reconcile keys one at a time each.
/// A result with a delay requeues after it; an exception requeues with per-key backoff; success forgets the backoff.
/// <see cref="RunAsync"/> runs until its token is cancelled (leader election starts and stops it), then stops all work.
/// </summary>
public sealed class Controller<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Informer<T> _informer;
    private readonly IReconciler _reconciler;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RuntimeMetrics? _metrics;

    public Controller(
        Informer<T> informer,
        WorkQueue queue,
        IReconciler reconciler,
        ControllerOptions options,
        TimeProvider timeProvider,
        ILogger<Controller<T>> logger,
        RuntimeMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(informer);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(reconciler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.MaxConcurrentReconciles < 1)
        {
            throw new ArgumentException(
                $"MaxConcurrentReconciles must be at least 1 (got {options.MaxConcurrentReconciles}).", nameof(options));
        }

        _informer = informer;
        Queue = queue;
        _reconciler = reconciler;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The queue of keys waiting to be reconciled (its depth is a health/metrics signal).</summary>
    public WorkQueue Queue { get; }

    /// <summary>The informer feeding this controller (its health is a health signal).</summary>
    public Informer<T> Informer => _informer;

    /// <summary>Runs the informer and the workers until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _informer.Changed += Queue.Add;
        try
        {
            var informerRun = _informer.RunAsync(cancellationToken);
            var workers = Enumerable.Range(0, _options.MaxConcurrentReconciles)
                .Select(_ => WorkAsync(cancellationToken))
                .ToList();
            _logger.LogInformation("Controller started with {Workers} workers", workers.Count);
            await Task.WhenAll(workers.Append(informerRun)).ConfigureAwait(false);
        }
        finally
        {
            _informer.Changed -= Queue.Add;
            _logger.LogInformation("Controller stopped");
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            ObjectKey? next;
            try
            {
                next = await Queue.GetAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (next is not { } key)
            {
                return;
            }

            try
            {
                await ReconcileOneAsync(key, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileOneAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        string outcome;
        try
        {
            var result = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            Queue.Forget(key);
            if (result.RequeueAfter is { } delay)
            {
                Queue.AddAfter(key, delay);
                outcome = "requeue";
            }
            else
            {
                outcome = "success";
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-reconcile (shutdown or lost leadership): keep the key so the next run picks it up.
            Queue.Add(key);
            outcome = "cancelled";
        }
        catch (Exception ex)
        {
            var failures = Queue.NumRequeues(key) + 1;
            Queue.AddRateLimited(key);
            outcome = "error";
            _logger.LogError(ex, "Reconcile of {Key} failed (attempt {Attempt}); retrying with backoff", key, failures);
        }

        var elapsed = _timeProvider.GetElapsedTime(started);
        _metrics?.ReconcileDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("result", outcome));
        _logger.LogDebug("Reconciled {Key} in {Elapsed} ({Outcome})", key, elapsed, outcome);
    }
}
