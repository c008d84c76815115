using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Builds the next <c>status</c> of an AtlasSharedRestore for each step of the protocol.</summary>
public sealed class RestoreStatusBuilder(TimeProvider timeProvider)
{
    /// <summary>The intent written before the POST: phase Submitting with the attempt record.</summary>
    public AtlasSharedRestoreStatus WithIntent(AtlasSharedRestore restore, SubmissionIntent intent, ResolvedApi api)
    {
        ArgumentNullException.ThrowIfNull(restore);
        var next = Current(restore) with
        {
            Phase = RestorePhase.Submitting,
            Api = restore.Status?.Api ?? api,
            Submission = intent,
            Job = null,
            Adopted = null,
        };
        var spec = restore.Spec;
        return Finish(restore, next, new RestoreProgress(RestorePhase.Submitting, RestoreReasons.Submitting,
            $"Submitting the restore of snapshot {spec.SnapshotId} onto cluster {spec.TargetDeploymentItemName}."));
    }

    /// <summary>The job as last read from Atlas, with the phase it implies.</summary>
    public AtlasSharedRestoreStatus WithJob(AtlasSharedRestore restore, AtlasRestoreJob job, bool adopted, ResolvedApi api)
    {
        ArgumentNullException.ThrowIfNull(restore);
        ArgumentNullException.ThrowIfNull(job);
        var current = Current(restore);
        var now = timeProvider.GetUtcNow();
        var (phase, progress) = job.Status?.ToUpperInvariant() switch
        {
            RestoreJobMirror.Completed => (RestorePhase.Completed, new RestoreProgress(RestorePhase.Completed, RestoreReasons.Completed,
                $"Atlas restore job {job.Id} completed: cluster {restore.Spec.TargetDeploymentItemName} holds snapshot {restore.Spec.SnapshotId}.")),
            RestoreJobMirror.Failed => (RestorePhase.Failed, new RestoreProgress(RestorePhase.Failed, RestoreReasons.RestoreFailed,
                $"Atlas restore job {job.Id} failed; see the Atlas activity feed, then create a new AtlasSharedRestore to try again.")),
            _ => (RestorePhase.Running, new RestoreProgress(RestorePhase.Running, RestoreReasons.RestoreRunning,
                $"Atlas restore job {job.Id} is {job.Status ?? "submitted"}.")),
        };
        var next = current with
        {
            Phase = phase,
            Api = current.Api ?? api,
            Job = RestoreJobMirror.ToStatus(job),
            Adopted = adopted,
            StartTime = current.StartTime ?? now,
            CompletionTime = phase == RestorePhase.Completed ? current.CompletionTime ?? job.RestoreFinishedDate ?? now : current.CompletionTime,
        };
        return Finish(restore, next, progress);
    }

    /// <summary>
    /// A failure. Before any submission it sets the phase (Failed for good, Pending while a person must act); once a
    /// submission or job exists the phase stays, because the job is real, and only Stalled says what is wrong.
    /// </summary>
    public AtlasSharedRestoreStatus WithFailure(AtlasSharedRestore restore, RestoreFailure failure, ResolvedApi? api)
    {
        ArgumentNullException.ThrowIfNull(restore);
        ArgumentNullException.ThrowIfNull(failure);
        var current = Current(restore);
        var submissionExists = current.Submission is not null || !string.IsNullOrEmpty(current.Job?.Id);
        var phase = submissionExists
            ? current.Phase ?? RestorePhase.Submitting
            : failure.Disposition == FailureDisposition.Terminal ? RestorePhase.Failed : RestorePhase.Pending;
        var next = current with { Phase = phase, Api = current.Api ?? api };
        return Finish(restore, next, new RestoreProgress(phase, failure.ConditionReason, failure.Message,
            NeedsAttention: failure.Disposition != FailureDisposition.RetryLater, Cause: failure.EventReason));
    }

    /// <summary>A waiting state (rate limited) before any submission: phase Pending, still reconciling.</summary>
    public AtlasSharedRestoreStatus Waiting(AtlasSharedRestore restore, string reason, string message, ResolvedApi? api)
    {
        ArgumentNullException.ThrowIfNull(restore);
        var current = Current(restore);
        var next = current with { Phase = RestorePhase.Pending, Api = current.Api ?? api, Submission = null };
        return Finish(restore, next, new RestoreProgress(RestorePhase.Pending, reason, message));
    }

    private static AtlasSharedRestoreStatus Current(AtlasSharedRestore restore) => restore.Status ?? new AtlasSharedRestoreStatus();

    private AtlasSharedRestoreStatus Finish(AtlasSharedRestore restore, AtlasSharedRestoreStatus next, RestoreProgress progress)
    {
        var generation = restore.Metadata.Generation;
        var withGeneration = next with { ObservedGeneration = generation };
        return withGeneration with
        {
            Conditions = RestoreConditions.Compute(withGeneration, progress, generation, timeProvider.GetUtcNow()),
        };
    }
}
