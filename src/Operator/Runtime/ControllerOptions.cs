namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>How a <see cref="Controller{T}"/> runs reconciles.</summary>
public sealed record ControllerOptions
{
    /// <summary>Reconciles running at once across all keys (one key never runs twice at once regardless).</summary>
    public int MaxConcurrentReconciles { get; init; } = 4;
}
