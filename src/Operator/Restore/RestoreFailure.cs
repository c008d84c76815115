namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Why a restore cannot go on. <see cref="ConditionReason"/> goes on the Stalled condition, <see cref="EventReason"/>
/// names the specific cause in the event and on the Ready condition (the two differ only for preflight failures, whose
/// Stalled reason is PreflightFailed); the message is one sentence a user can act on, never holding a secret.
/// </summary>
public sealed record RestoreFailure(
    string ConditionReason,
    string EventReason,
    string Message,
    FailureDisposition Disposition,
    TimeSpan? RetryAfter = null)
{
    public static RestoreFailure Terminal(string reason, string message) => new(reason, reason, message, FailureDisposition.Terminal);

    public static RestoreFailure Preflight(string cause, string message) =>
        new(RestoreReasons.PreflightFailed, cause, message, FailureDisposition.Terminal);

    public static RestoreFailure NeedsAttention(string reason, string message) =>
        new(reason, reason, message, FailureDisposition.NeedsAttention);
}
