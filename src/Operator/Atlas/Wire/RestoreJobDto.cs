using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Atlas.Wire;

/// <summary>
/// <c>TenantRestore</c> and <c>FlexBackupRestoreJob20241113</c> on the wire. Dates stay strings so one odd
/// timestamp cannot make a whole job unreadable.
/// </summary>
internal sealed record RestoreJobDto
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("deliveryType")] public string? DeliveryType { get; init; }
    [JsonPropertyName("projectId")] public string? ProjectId { get; init; }
    [JsonPropertyName("clusterName")] public string? ClusterName { get; init; }
    [JsonPropertyName("instanceName")] public string? InstanceName { get; init; }
    [JsonPropertyName("snapshotId")] public string? SnapshotId { get; init; }
    [JsonPropertyName("targetDeploymentItemName")] public string? TargetDeploymentItemName { get; init; }
    [JsonPropertyName("targetProjectId")] public string? TargetProjectId { get; init; }
    [JsonPropertyName("restoreScheduledDate")] public string? RestoreScheduledDate { get; init; }
    [JsonPropertyName("restoreFinishedDate")] public string? RestoreFinishedDate { get; init; }
    [JsonPropertyName("snapshotFinishedDate")] public string? SnapshotFinishedDate { get; init; }
    [JsonPropertyName("expirationDate")] public string? ExpirationDate { get; init; }
    [JsonPropertyName("snapshotUrl")] public string? SnapshotUrl { get; init; }
}
