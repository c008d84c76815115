using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>One reconcile in progress; the test decides how it ends.</summary>
public sealed class ReconcileCall(ObjectKey key, CancellationToken cancellationToken)
{
    public ObjectKey Key { get; } = key;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    internal TaskCompletionSource<ReconcileResult> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Succeed(ReconcileResult result) => Outcome.TrySetResult(result);

    public void Fail(Exception exception) => Outcome.TrySetException(exception);
}
