using System.Diagnostics.Metrics;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// The runtime's instruments on the Meter <c>AtlasRestoreOperator.Runtime</c>. One instance is shared by the informer,
/// the work queue and the controller of a process; the metrics endpoint listens to the meter by name.
/// </summary>
public sealed class RuntimeMetrics : IDisposable
{
    public const string MeterName = "AtlasRestoreOperator.Runtime";

    public RuntimeMetrics()
    {
        Meter = new Meter(MeterName);
        WatchRestarts = Meter.CreateCounter<long>(
            "atlas_restore_operator.watch.restarts", unit: "{restart}",
            description: "Watch streams restarted, by reason (timeout, expired, error).");
        ReconcileDuration = Meter.CreateHistogram<double>(
            "atlas_restore_operator.reconcile.duration", unit: "s",
            description: "Duration of reconciles, by result (success, requeue, error).");
    }

    public Meter Meter { get; }

    /// <summary>Tag <c>reason</c>: <c>timeout</c>, <c>expired</c> or <c>error</c>.</summary>
    public Counter<long> WatchRestarts { get; }

    /// <summary>Tag <c>result</c>: <c>success</c>, <c>requeue</c> or <c>error</c>.</summary>
    public Histogram<double> ReconcileDuration { get; }

    public void Dispose() => Meter.Dispose();
}
