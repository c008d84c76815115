using System.Text.Json;
using System.Text.Json.Serialization;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TestWidget))]
public sealed partial class TestWidgetJsonContext : JsonSerializerContext
{
    // A getter, not an initializer: static initializers across partial files run in no guaranteed order.
    public static ResourceType<TestWidget> WidgetType => new("example.com", "v1", "widgets", "Widget", Default.TestWidget);
}
