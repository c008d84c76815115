using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Atlas.Wire;

/// <summary>The fields of <c>FlexClusterDescription20241113</c> the operator reads.</summary>
internal sealed record FlexClusterDto
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("groupId")] public string? GroupId { get; init; }
    [JsonPropertyName("mongoDBVersion")] public string? MongoDBVersion { get; init; }
    [JsonPropertyName("stateName")] public string? StateName { get; init; }
}
