namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// A level-based reconciler in the controller-runtime sense: it reads the current state of the object named by the
/// key (never an event payload), drives the world toward it idempotently, and says when to look again.
/// A thrown exception means "retry with per-key backoff".
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
