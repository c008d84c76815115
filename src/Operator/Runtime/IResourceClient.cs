using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// Reads and writes one kind of namespaced custom resource. Writes carry the object's
/// <c>metadata.resourceVersion</c> as a precondition and throw <see cref="ResourceConflictException"/> on 409.
/// </summary>
public interface IResourceClient<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The object as the API server has it now, or null when it does not exist.</summary>
    Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>Replaces the <c>/status</c> subresource; returns the stored object (with its new resourceVersion).</summary>
    Task<T> ReplaceStatusAsync(T resource, CancellationToken cancellationToken);

    /// <summary>Sets <c>metadata.finalizers</c> by merge patch with a resourceVersion precondition; returns the stored object.</summary>
    Task<T> PatchFinalizersAsync(T resource, IReadOnlyList<string> finalizers, CancellationToken cancellationToken);
}
