namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>A restore (or download) job that already exists when the emulator starts, e.g. one a test wants adopted.</summary>
public sealed record SeedRestoreJob
{
    /// <summary>24 lowercase hex characters.</summary>
    public required string Id { get; init; }

    /// <summary>The source cluster (in the project that holds this job).</summary>
    public required string ClusterName { get; init; }

    public required string SnapshotId { get; init; }

    /// <summary>Defaults to the API that serves the source cluster's kind.</summary>
    public RestoreApiFamily? Api { get; init; }

    /// <summary>RESTORE or DOWNLOAD.</summary>
    public string DeliveryType { get; init => field = value ?? "RESTORE"; } = "RESTORE";

    public string? TargetDeploymentItemName { get; init; }

    /// <summary>Defaults to the job's own project for RESTORE jobs.</summary>
    public string? TargetProjectId { get; init; }

    /// <summary>When the job was created; its status progresses from here per <see cref="RestoreJobTimings"/>.</summary>
    public required DateTimeOffset RestoreScheduledDate { get; init; }

    /// <summary>When set, the job stays at this status instead of progressing with the clock.</summary>
    public string? Status { get; init; }
}
