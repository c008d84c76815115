using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// What the job listings say about an unresolved submission: the job was found, it provably never landed
/// (two empty listings a grace period apart), wait and look again, or the listing itself failed.
/// </summary>
public sealed record SubmissionOutcome(AtlasRestoreJob? Job, bool NeverLanded, TimeSpan? LookAgainAfter, RestoreFailure? Failure)
{
    public static SubmissionOutcome Found(AtlasRestoreJob job) => new(job, false, null, null);

    public static SubmissionOutcome NotLanded { get; } = new(null, true, null, null);

    public static SubmissionOutcome Wait(TimeSpan delay) => new(null, false, delay, null);

    public static SubmissionOutcome Fail(RestoreFailure failure) => new(null, false, null, failure);
}
