using AtlasRestoreOperator.Entities;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Where a restore stands, from which the kstatus conditions are derived.</summary>
/// <param name="Phase">The phase shown in <c>status.phase</c>.</param>
/// <param name="Reason">CamelCase reason for the Ready/Reconciling/Stalled conditions.</param>
/// <param name="Message">One sentence a user can act on.</param>
/// <param name="NeedsAttention">True when a person must act even though the phase is not Failed.</param>
public sealed record RestoreProgress(RestorePhase Phase, string Reason, string Message, bool NeedsAttention = false)
{
    public bool IsStalled => NeedsAttention || Phase == RestorePhase.Failed;
}
