namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>A backup snapshot of a Flex or tenant cluster, as listed by F4/T4.</summary>
public sealed record SeedSnapshot
{
    /// <summary>24 lowercase hex characters.</summary>
    public required string Id { get; init; }

    /// <summary>PENDING, QUEUED, RUNNING, FAILED or COMPLETED; only COMPLETED snapshots can be restored.</summary>
    public string Status { get; init => field = value ?? "COMPLETED"; } = "COMPLETED";

    /// <summary>The MongoDB version the snapshot was taken on, e.g. <c>8.0.4</c>.</summary>
    public required string MongoDBVersion { get; init; }

    public required DateTimeOffset ScheduledTime { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? FinishTime { get; init; }

    public DateTimeOffset? Expiration { get; init; }
}
