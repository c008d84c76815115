using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Atlas.Wire;

/// <summary>The <c>Paginated*View</c> envelope shared by every list call.</summary>
internal sealed record PageDto<TItem>
{
    [JsonPropertyName("links")] public List<LinkDto>? Links { get; init; }
    [JsonPropertyName("results")] public List<TItem>? Results { get; init; }
    [JsonPropertyName("totalCount")] public int? TotalCount { get; init; }
}
