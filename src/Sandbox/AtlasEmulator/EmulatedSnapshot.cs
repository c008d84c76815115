namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>A snapshot of a Flex or tenant cluster.</summary>
public sealed record EmulatedSnapshot
{
    public required string ProjectId { get; init; }
    public required string ClusterName { get; init; }
    public required string Id { get; init; }
    public required string Status { get; init; }
    public required string MongoDBVersion { get; init; }
    public required DateTimeOffset ScheduledTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public DateTimeOffset? Expiration { get; init; }
}
