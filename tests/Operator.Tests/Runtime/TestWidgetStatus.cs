using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class TestWidgetStatus
{
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }
}
