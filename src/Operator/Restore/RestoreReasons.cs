namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>The CamelCase reasons used on conditions and events.</summary>
public static class RestoreReasons
{
    // Progress.
    public const string Submitting = "Submitting";
    public const string Submitted = "Submitted";
    public const string SubmissionOutcomeUnknown = "SubmissionOutcomeUnknown";
    public const string SubmissionNotFound = "SubmissionNotFound";
    public const string Adopted = "Adopted";
    public const string RestoreRunning = "RestoreRunning";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
    public const string RestoreFailed = "RestoreFailed";
    public const string RestoreNotCancellable = "RestoreNotCancellable";
    public const string WaitingForLease = "WaitingForLease";
    public const string RateLimited = "RateLimited";

    // Submitted condition.
    public const string JobSubmitted = "JobSubmitted";
    public const string JobAdopted = "JobAdopted";
    public const string NotSubmitted = "NotSubmitted";
    public const string SubmissionInProgress = "SubmissionInProgress";

    // Failures.
    public const string InvalidSpec = "InvalidSpec";
    public const string SecretNotFound = "SecretNotFound";
    public const string InvalidCredentials = "InvalidCredentials";
    public const string Unauthorized = "Unauthorized";
    public const string Forbidden = "Forbidden";
    public const string TenantApiRetired = "TenantApiRetired";
    public const string PreflightFailed = "PreflightFailed";
    public const string ClusterNotFound = "ClusterNotFound";
    public const string ProjectNotFound = "ProjectNotFound";
    public const string SnapshotNotFound = "SnapshotNotFound";
    public const string SnapshotNotCompleted = "SnapshotNotCompleted";
    public const string SnapshotExpired = "SnapshotExpired";
    public const string VersionMismatch = "VersionMismatch";
    public const string EncryptionAtRest = "EncryptionAtRest";
    public const string NotFlexCluster = "NotFlexCluster";
    public const string SubmissionRejected = "SubmissionRejected";
    public const string JobNotFound = "JobNotFound";
    public const string AtlasRequestRejected = "AtlasRequestRejected";
}
