namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The event types a Kubernetes watch stream carries.</summary>
public enum WatchEventKind
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
