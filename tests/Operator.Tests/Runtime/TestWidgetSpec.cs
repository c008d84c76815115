using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class TestWidgetSpec
{
    [JsonPropertyName("size")]
    public int Size { get; set; }
}
