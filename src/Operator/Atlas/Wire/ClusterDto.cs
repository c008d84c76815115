using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Atlas.Wire;

/// <summary>The fields of <c>ClusterDescription20240805</c> the operator reads.</summary>
internal sealed record ClusterDto
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("groupId")] public string? GroupId { get; init; }
    [JsonPropertyName("mongoDBMajorVersion")] public string? MongoDBMajorVersion { get; init; }
    [JsonPropertyName("mongoDBVersion")] public string? MongoDBVersion { get; init; }
    [JsonPropertyName("encryptionAtRestProvider")] public string? EncryptionAtRestProvider { get; init; }
    [JsonPropertyName("stateName")] public string? StateName { get; init; }
    [JsonPropertyName("paused")] public bool? Paused { get; init; }
}
