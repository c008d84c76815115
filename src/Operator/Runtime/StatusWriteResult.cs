using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The object after a <see cref="StatusWriter{T, TStatus}"/> call, and whether a write was sent.</summary>
/// <param name="Resource">The stored object: the server's answer when written, else the object as given.</param>
/// <param name="Written">False when the status was already as desired and no request was made.</param>
public sealed record StatusWriteResult<T>(T Resource, bool Written)
    where T : class, IKubernetesObject<V1ObjectMeta>;
