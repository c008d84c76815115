using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The items of a list call and the list's resourceVersion, from which a watch continues.</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion)
    where T : class, IKubernetesObject<V1ObjectMeta>;
