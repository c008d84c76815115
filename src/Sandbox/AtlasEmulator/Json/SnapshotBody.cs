namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary><c>BackupTenantSnapshot</c> / <c>FlexBackupSnapshot20241113</c>.</summary>
internal sealed record SnapshotBody
{
    public DateTimeOffset? Expiration { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public string? Id { get; init; }
    public string? MongoDBVersion { get; init; }
    public DateTimeOffset? ScheduledTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public string? Status { get; init; }
}
