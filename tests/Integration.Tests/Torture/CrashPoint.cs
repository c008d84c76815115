namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>The step boundaries of the exactly-once protocol at which the torture tests SIGKILL the operator.</summary>
public enum CrashPoint
{
    /// <summary>The finalizer is written; the Atlas preflight (a cluster GET) is held in flight; no intent yet.</summary>
    AfterFinalizer,

    /// <summary>The intent is written and the POST left the process, but it never reaches Atlas.</summary>
    AfterIntent,

    /// <summary>The POST is in flight when the process dies; Atlas then processes it and nobody hears the answer.</summary>
    PostInFlight,

    /// <summary>Atlas answered the POST with a job; the status write recording it is still in flight.</summary>
    AfterPostBeforeStatus,

    /// <summary>The job is recorded; a GET of it (a poll) is in flight.</summary>
    WhilePolling,

    /// <summary>A listing of the restore jobs is in flight (dedupe, resolving an unanswered POST, or a deletion).</summary>
    ListingInFlight,
}
