using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>A stand-in custom resource, so the runtime is tested without the restore domain.</summary>
public sealed class TestWidget : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "example.com/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Widget";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TestWidgetSpec? Spec { get; set; }

    [JsonPropertyName("status")]
    public TestWidgetStatus? Status { get; set; }

    public static TestWidget Create(string @namespace, string name, string resourceVersion, int size = 1) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = @namespace, Name = name, ResourceVersion = resourceVersion },
        Spec = new TestWidgetSpec { Size = size },
    };
}
