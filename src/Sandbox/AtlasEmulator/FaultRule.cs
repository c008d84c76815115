namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>One fault-injection rule; it applies to matching requests while it has uses left.</summary>
public class FaultRule
{
    private readonly object gate = new();
    private int? remaining;
    private int applied;
    private readonly TaskCompletionSource firstHit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FaultRule(FaultKind kind, Func<FaultRequest, bool> matches, int? times, double probability)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times ?? 1, nameof(times));
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        Kind = kind;
        Matches = matches;
        remaining = times;
        Probability = probability;
    }

    public FaultKind Kind { get; }

    /// <summary>Chance (0..1) that a matching request is hit, drawn from the injector's seeded Random.</summary>
    public double Probability { get; }

    /// <summary>The delay of a <see cref="FaultKind.Latency"/> rule.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The status of a <see cref="FaultKind.Status"/> rule.</summary>
    public int StatusCode { get; init; }

    /// <summary>How many requests this rule has hit.</summary>
    public int Applied
    {
        get
        {
            lock (gate)
            {
                return applied;
            }
        }
    }

    /// <summary>Completes when the rule first hits a request; for latency, once the wait's timer exists, so advancing a fake clock then releases it.</summary>
    public Task FirstHit => firstHit.Task;

    internal Func<FaultRequest, bool> Matches { get; }

    /// <summary>Signals <see cref="FirstHit"/>; the pipeline calls it once the fault is in effect.</summary>
    internal void MarkHit() => firstHit.TrySetResult();

    /// <summary>Uses one application if any is left.</summary>
    internal bool TryUse()
    {
        lock (gate)
        {
            if (remaining == 0)
            {
                return false;
            }

            if (remaining is not null)
            {
                remaining--;
            }

            applied++;
            return true;
        }
    }

    internal bool Exhausted
    {
        get
        {
            lock (gate)
            {
                return remaining == 0;
            }
        }
    }
}
