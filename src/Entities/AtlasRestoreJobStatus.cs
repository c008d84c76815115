using System.ComponentModel;

namespace AtlasRestoreOperator.Entities;

/// <summary>The Atlas restore job as last read; field names follow the Atlas API.</summary>
public sealed record AtlasRestoreJobStatus
{
    [Description("Atlas restore job id.")]
    public string? Id { get; init; }

    [Description("Atlas job status: PENDING, QUEUED, RUNNING, COMPLETED or FAILED.")]
    public string? Status { get; init; }

    [Description("RESTORE or DOWNLOAD.")]
    public string? DeliveryType { get; init; }

    public string? ProjectId { get; init; }
    public string? ClusterName { get; init; }
    public string? SnapshotId { get; init; }
    public string? TargetDeploymentItemName { get; init; }
    public string? TargetProjectId { get; init; }
    public DateTimeOffset? RestoreScheduledDate { get; init; }
    public DateTimeOffset? RestoreFinishedDate { get; init; }
    public DateTimeOffset? SnapshotFinishedDate { get; init; }
    public DateTimeOffset? ExpirationDate { get; init; }
}
