using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Atlas.Wire;

/// <summary>An RFC 5988 link in a list envelope.</summary>
internal sealed record LinkDto
{
    [JsonPropertyName("href")] public string? Href { get; init; }
    [JsonPropertyName("rel")] public string? Rel { get; init; }
}
