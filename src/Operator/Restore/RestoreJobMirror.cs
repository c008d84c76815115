using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Copies an Atlas restore job into <c>status.job</c>.</summary>
public static class RestoreJobMirror
{
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

    public static AtlasRestoreJobStatus ToStatus(AtlasRestoreJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new AtlasRestoreJobStatus
        {
            Id = job.Id,
            Status = job.Status,
            DeliveryType = job.DeliveryType,
            ProjectId = job.ProjectId,
            ClusterName = job.ClusterName,
            SnapshotId = job.SnapshotId,
            TargetDeploymentItemName = job.TargetDeploymentItemName,
            TargetProjectId = job.TargetProjectId,
            RestoreScheduledDate = job.RestoreScheduledDate,
            RestoreFinishedDate = job.RestoreFinishedDate,
            SnapshotFinishedDate = job.SnapshotFinishedDate,
            ExpirationDate = job.ExpirationDate,
        };
    }

    public static bool IsTerminal(string? atlasStatus) =>
        string.Equals(atlasStatus, Completed, StringComparison.OrdinalIgnoreCase)
        || string.Equals(atlasStatus, Failed, StringComparison.OrdinalIgnoreCase);
}
