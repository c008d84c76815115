namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The two Kubernetes event types.</summary>
public enum EventType
{
    Normal,
    Warning,
}
