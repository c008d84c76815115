using AtlasRestoreOperator.Entities;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Derives the four kstatus conditions (Ready, Reconciling, Stalled, Submitted) from a restore's progress.
/// A condition's lastTransitionTime moves only when its status flips, as metav1.Condition requires. All three share the
/// progress's reason and message, except that Ready names the specific cause where Stalled names its group.
/// </summary>
public static class RestoreConditions
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <param name="status">The new status (its job, adoption and the previous conditions are read).</param>
    public static IReadOnlyList<RestoreCondition> Compute(
        AtlasSharedRestoreStatus status, RestoreProgress progress, long? generation, DateTimeOffset now)
    {
        var previous = status.Conditions ?? [];
        var completed = progress.Phase == RestorePhase.Completed;
        var working = !progress.IsStalled && progress.Phase is RestorePhase.Pending or RestorePhase.Submitting or RestorePhase.Running;

        return
        [
            Make(previous, RestoreCondition.Ready, completed ? True : False, progress.Cause ?? progress.Reason, progress.Message, generation, now),
            Make(previous, RestoreCondition.Reconciling, working ? True : False, progress.Reason, progress.Message, generation, now),
            Make(previous, RestoreCondition.Stalled, progress.IsStalled ? True : False, progress.Reason, progress.Message, generation, now),
            Submitted(previous, status, progress, generation, now),
        ];
    }

    /// <summary>The condition of the given type, or null.</summary>
    public static RestoreCondition? Find(IReadOnlyList<RestoreCondition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    private static RestoreCondition Submitted(
        IReadOnlyList<RestoreCondition> previous, AtlasSharedRestoreStatus status, RestoreProgress progress, long? generation, DateTimeOffset now)
    {
        var jobId = status.Job?.Id;
        if (!string.IsNullOrEmpty(jobId))
        {
            // An adopted job with an intent is this object's own submission whose answer was lost and found by listing.
            return status.Adopted == true
                ? Make(previous, RestoreCondition.Submitted, True, RestoreReasons.JobAdopted,
                    status.Submission is null
                        ? $"Adopted the existing Atlas restore job {jobId} instead of submitting another."
                        : $"Found Atlas restore job {jobId} after the answer to the submission was lost, and adopted it.",
                    generation, now)
                : Make(previous, RestoreCondition.Submitted, True, RestoreReasons.JobSubmitted,
                    $"Atlas accepted restore job {jobId}.", generation, now);
        }

        if (progress.Phase == RestorePhase.Submitting || status.Submission is not null)
        {
            return Make(previous, RestoreCondition.Submitted, Unknown, RestoreReasons.SubmissionInProgress,
                "A restore job is being submitted to Atlas and its id is not known yet.", generation, now);
        }

        return Make(previous, RestoreCondition.Submitted, False, RestoreReasons.NotSubmitted,
            "No Atlas restore job has been submitted.", generation, now);
    }

    private static RestoreCondition Make(
        IReadOnlyList<RestoreCondition> previous, string type, string status, string reason, string message, long? generation, DateTimeOffset now)
    {
        var old = previous.FirstOrDefault(c => c.Type == type);
        var transition = old is not null && old.Status == status ? old.LastTransitionTime : now;
        return new RestoreCondition
        {
            Type = type,
            Status = status,
            ObservedGeneration = generation,
            LastTransitionTime = transition,
            Reason = reason,
            Message = message,
        };
    }
}
