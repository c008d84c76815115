namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>A backup snapshot of a Flex or tenant cluster.</summary>
public sealed record AtlasSnapshot
{
    public required string Id { get; init; }
    public string? Status { get; init; }
    public string? MongoDBVersion { get; init; }
    public DateTimeOffset? ScheduledTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    public DateTimeOffset? Expiration { get; init; }
}
