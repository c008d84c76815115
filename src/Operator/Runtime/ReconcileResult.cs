namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>What a reconcile asks of the controller: nothing more, or another look after a delay.</summary>
public sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
