using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Atlas.Wire;

/// <summary>The POST body: only the writable fields; <c>targetProjectId</c> is omitted when unset.</summary>
internal sealed record RestoreJobCreateDto
{
    [JsonPropertyName("snapshotId")] public required string SnapshotId { get; init; }
    [JsonPropertyName("targetDeploymentItemName")] public required string TargetDeploymentItemName { get; init; }

    [JsonPropertyName("targetProjectId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TargetProjectId { get; init; }
}
