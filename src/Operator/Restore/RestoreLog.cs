using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>The reconciler's structured log messages (source-generated, so they cost nothing when disabled).</summary>
internal static partial class RestoreLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "AtlasSharedRestore {Key} no longer exists")]
    public static partial void Gone(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Added finalizer to AtlasSharedRestore {Key}")]
    public static partial void FinalizerAdded(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed finalizer from AtlasSharedRestore {Key}")]
    public static partial void FinalizerRemoved(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "AtlasSharedRestore {Key}: the write conflicted with another writer; re-reading")]
    public static partial void Conflict(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AtlasSharedRestore {Key}: Atlas {Operation} waits for the project's rate limit; looking again in {RetryAfterSeconds:0.###} s")]
    public static partial void ReadDeferred(ILogger logger, string key, string operation, double retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "AtlasSharedRestore {Key}: the project's rate limit has no {Calls} Atlas calls free; looking again in {RetryAfterSeconds:0.###} s")]
    public static partial void Deferred(ILogger logger, string key, int calls, double retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "AtlasSharedRestore {Key}: submission {AttemptId} is held by {Holder} until {LeaseExpiry}; waiting")]
    public static partial void LeaseHeld(ILogger logger, string key, string? attemptId, string? holder, DateTimeOffset leaseExpiry);

    [LoggerMessage(Level = LogLevel.Information, Message = "AtlasSharedRestore {Key}: intent {AttemptId} written; posting the restore of snapshot {SnapshotId} onto {Target} via the {Api} API")]
    public static partial void Posting(ILogger logger, string key, string? attemptId, string snapshotId, string target, string api);

    [LoggerMessage(Level = LogLevel.Information, Message = "AtlasSharedRestore {Key}: Atlas restore job {JobId} is {JobStatus} (adopted: {Adopted})")]
    public static partial void JobRecorded(ILogger logger, string key, string jobId, string? jobStatus, bool adopted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AtlasSharedRestore {Key}: the outcome of submission {AttemptId} is unknown; looking for the job before any new POST")]
    public static partial void AmbiguousSubmission(ILogger logger, Exception exception, string key, string? attemptId);

    [LoggerMessage(Level = LogLevel.Information, Message = "AtlasSharedRestore {Key}: no job matches submission {AttemptId} yet; looking again in {Delay}")]
    public static partial void NoMatchYet(ILogger logger, string key, string? attemptId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AtlasSharedRestore {Key}: {Reason}: {Message}")]
    public static partial void Failure(ILogger logger, string key, string reason, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AtlasSharedRestore {Key}: reading job {JobId} gave no definite answer; polling again")]
    public static partial void PollAmbiguous(ILogger logger, Exception exception, string key, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AtlasSharedRestore {Key}: could not record job {JobId} after {Attempts} conflicting writes; the unresolved intent will adopt it")]
    public static partial void RecordGaveUp(ILogger logger, string key, string jobId, int attempts);
}
