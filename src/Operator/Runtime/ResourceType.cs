using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// Describes one namespaced custom resource kind for the runtime: where it lives in the API and how it is
/// (de)serialized. The <see cref="JsonTypeInfo"/> comes from a source-generated context, so no reflection is needed.
/// </summary>
public sealed record ResourceType<T>(string Group, string Version, string Plural, string Kind, JsonTypeInfo<T> JsonTypeInfo)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The <c>apiVersion</c> value: <c>group/version</c>.</summary>
    public string ApiVersion => $"{Group}/{Version}";
}
