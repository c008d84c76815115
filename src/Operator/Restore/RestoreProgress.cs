using AtlasRestoreOperator.Entities;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Where a restore stands, from which the kstatus conditions are derived.</summary>
/// <param name="Phase">The phase shown in <c>status.phase</c>.</param>
/// <param name="Reason">CamelCase reason for the Reconciling and Stalled conditions (and Ready unless a cause is given).</param>
/// <param name="Message">One sentence a user can act on.</param>
/// <param name="NeedsAttention">True when a person must act even though the phase is not Failed.</param>
/// <param name="Cause">
/// The specific cause for the Ready condition when <paramref name="Reason"/> names a group of causes: Stalled says
/// PreflightFailed (DESIGN §5) while Ready says which check failed, e.g. VersionMismatch.
/// </param>
public sealed record RestoreProgress(RestorePhase Phase, string Reason, string Message, bool NeedsAttention = false, string? Cause = null)
{
    public bool IsStalled => NeedsAttention || Phase == RestorePhase.Failed;
}
