using System.Diagnostics.Metrics;
using AtlasRestoreOperator.Entities;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// The gauge users graph first: how many AtlasSharedRestores are in each phase, read from the informer's cache on
/// every scrape (no API calls). Every phase is reported, zeros included, so a dashboard shows a flat line rather than
/// a gap. An object the operator has not written a status to yet counts as Pending. Only the leader's cache is filled,
/// so standby replicas report zeros.
/// </summary>
public sealed class RestorePhaseMetrics : IDisposable
{
    public const string MeterName = "AtlasRestoreOperator.Restore";
    public const string RestoresInstrument = "atlas_restore_operator.restores";
    public const string PhaseTag = "phase";

    private static readonly RestorePhase[] Phases = Enum.GetValues<RestorePhase>();
    private readonly Meter meter = new(MeterName);
    private readonly Func<IEnumerable<AtlasSharedRestore>> snapshot;

    /// <param name="snapshot">The restores known now; called on each collection, so it must be cheap and thread-safe.</param>
    public RestorePhaseMetrics(Func<IEnumerable<AtlasSharedRestore>> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        this.snapshot = snapshot;
        meter.CreateObservableGauge(RestoresInstrument, Observe, unit: "{restore}",
            description: "AtlasSharedRestore objects by status.phase (no status yet counts as Pending).");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        var counts = new long[Phases.Length];
        foreach (var restore in snapshot())
        {
            counts[Array.IndexOf(Phases, restore.Status?.Phase ?? RestorePhase.Pending)]++;
        }

        var measurements = new Measurement<long>[Phases.Length];
        for (var i = 0; i < Phases.Length; i++)
        {
            measurements[i] = new Measurement<long>(counts[i], new KeyValuePair<string, object?>(PhaseTag, Phases[i].ToString()));
        }

        return measurements;
    }

    public void Dispose() => meter.Dispose();
}
