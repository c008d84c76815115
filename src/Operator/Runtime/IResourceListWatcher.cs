using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The list and watch calls an <see cref="Informer{T}"/> needs; an interface so tests can script them.</summary>
internal interface IResourceListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Lists the objects in <paramref name="namespace"/> (all namespaces when null).</summary>
    Task<ResourceList<T>> ListAsync(string? @namespace, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/>. The sequence ends when the server closes the stream; an HTTP 410
    /// on the request throws <see cref="ResourceExpiredException"/>; an ERROR line is yielded as an event.
    /// </summary>
    IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(
        string? @namespace, string resourceVersion, bool allowBookmarks, int timeoutSeconds, CancellationToken cancellationToken);
}
