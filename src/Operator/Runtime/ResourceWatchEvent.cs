using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// One line of a watch stream. <see cref="Object"/> is set for ADDED, MODIFIED and DELETED; <see cref="ResourceVersion"/>
/// is the resourceVersion the event moves the watch to (the object's, or the bookmark's); <see cref="Error"/> is set
/// for ERROR.
/// </summary>
public sealed record ResourceWatchEvent<T>(WatchEventKind Kind, T? Object, string? ResourceVersion, WatchErrorStatus? Error)
    where T : class, IKubernetesObject<V1ObjectMeta>;
