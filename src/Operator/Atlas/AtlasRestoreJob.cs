namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// A restore job as either API returns it. <see cref="ClusterName"/> is the source cluster
/// (<c>clusterName</c> on the tenant API, <c>instanceName</c> on the Flex API).
/// </summary>
public sealed record AtlasRestoreJob
{
    public required string Id { get; init; }
    public string? Status { get; init; }
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
    public string? SnapshotUrl { get; init; }

    public bool IsTerminal => Status is "COMPLETED" or "FAILED";
}
