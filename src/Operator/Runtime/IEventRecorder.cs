namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// Records Kubernetes events. Repeats of the same (target, type, reason, message) are aggregated into a count.
/// Recording never throws and never blocks the caller on the API server.
/// </summary>
public interface IEventRecorder
{
    void Record(EventTarget target, EventType type, string reason, string message);
}
