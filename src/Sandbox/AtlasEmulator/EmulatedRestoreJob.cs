namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>
/// A restore or download job. Its status is not stored: it is computed from <see cref="CreatedAt"/> and the clock
/// (<see cref="StatusAt"/>), so a FakeTimeProvider drives it without timers.
/// </summary>
public sealed record EmulatedRestoreJob
{
    public required string Id { get; init; }

    /// <summary>The project the job originated from (the source cluster's project).</summary>
    public required string ProjectId { get; init; }

    /// <summary>The source cluster.</summary>
    public required string ClusterName { get; init; }

    public required RestoreApiFamily Api { get; init; }

    /// <summary>RESTORE or DOWNLOAD.</summary>
    public required string DeliveryType { get; init; }

    public required string SnapshotId { get; init; }

    public DateTimeOffset? SnapshotFinishedDate { get; init; }

    public string? TargetDeploymentItemName { get; init; }

    public string? TargetProjectId { get; init; }

    /// <summary>When the job was created; for RESTORE jobs this is <c>restoreScheduledDate</c>.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpirationDate { get; init; }

    public string? SnapshotUrl { get; init; }

    /// <summary>When set, the job is frozen at this status (seeded jobs).</summary>
    public string? FixedStatus { get; init; }

    /// <summary>Why the job ends FAILED (a broken restore restriction), or null when it completes.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The status at <paramref name="now"/>: PENDING, QUEUED, RUNNING, then COMPLETED or FAILED.</summary>
    public string StatusAt(DateTimeOffset now, RestoreJobTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        if (FixedStatus is not null)
        {
            return FixedStatus;
        }

        TimeSpan elapsed = now - CreatedAt;
        if (elapsed < timings.Pending)
        {
            return "PENDING";
        }

        if (elapsed < timings.Pending + timings.Queued)
        {
            return "QUEUED";
        }

        if (elapsed < timings.Total)
        {
            return "RUNNING";
        }

        return FailureReason is null ? "COMPLETED" : "FAILED";
    }

    /// <summary><c>restoreFinishedDate</c> at <paramref name="now"/>: set only once the job is terminal.</summary>
    public DateTimeOffset? FinishedDateAt(DateTimeOffset now, RestoreJobTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        if (FixedStatus is not null)
        {
            return FixedStatus is "COMPLETED" or "FAILED" ? CreatedAt + timings.Total : null;
        }

        return now - CreatedAt >= timings.Total ? CreatedAt + timings.Total : null;
    }
}
