namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary><c>TenantRestore</c> (with <see cref="ClusterName"/>) and <c>FlexBackupRestoreJob20241113</c> (with <see cref="InstanceName"/>).</summary>
internal sealed record RestoreJobBody
{
    public string? ClusterName { get; init; }
    public string? DeliveryType { get; init; }
    public DateTimeOffset? ExpirationDate { get; init; }
    public string? Id { get; init; }
    public string? InstanceName { get; init; }
    public string? ProjectId { get; init; }
    public DateTimeOffset? RestoreFinishedDate { get; init; }
    public DateTimeOffset? RestoreScheduledDate { get; init; }
    public DateTimeOffset? SnapshotFinishedDate { get; init; }
    public string? SnapshotId { get; init; }
    public string? SnapshotUrl { get; init; }
    public string? Status { get; init; }
    public string? TargetDeploymentItemName { get; init; }
    public string? TargetProjectId { get; init; }
}
