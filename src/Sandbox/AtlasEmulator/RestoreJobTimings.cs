namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>How long an emulated restore job stays in each phase, measured on the emulator's <see cref="TimeProvider"/>.</summary>
public sealed record RestoreJobTimings
{
    /// <summary>Time from creation until the job leaves PENDING for QUEUED.</summary>
    public TimeSpan Pending { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Time spent QUEUED before RUNNING.</summary>
    public TimeSpan Queued { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Time spent RUNNING before COMPLETED (or FAILED when a restriction is broken).</summary>
    public TimeSpan Running { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Total time from creation to the terminal status.</summary>
    public TimeSpan Total => Pending + Queued + Running;
}
