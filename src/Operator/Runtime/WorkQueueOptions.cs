namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>Per-key failure backoff of a <see cref="WorkQueue"/>: base doubling per failure, capped.</summary>
public sealed record WorkQueueOptions
{
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromMinutes(5);
}
