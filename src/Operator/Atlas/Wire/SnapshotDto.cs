using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Atlas.Wire;

/// <summary><c>BackupTenantSnapshot</c> and <c>FlexBackupSnapshot20241113</c> on the wire.</summary>
internal sealed record SnapshotDto
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("mongoDBVersion")] public string? MongoDBVersion { get; init; }
    [JsonPropertyName("scheduledTime")] public string? ScheduledTime { get; init; }
    [JsonPropertyName("startTime")] public string? StartTime { get; init; }
    [JsonPropertyName("finishTime")] public string? FinishTime { get; init; }
    [JsonPropertyName("expiration")] public string? Expiration { get; init; }
}
