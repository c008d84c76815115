namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>The parts of a Flex cluster (GET <c>/flexClusters/{name}</c>) the preflight checks read.</summary>
public sealed record AtlasFlexCluster
{
    public required string Name { get; init; }
    public string? GroupId { get; init; }
    public string? MongoDBVersion { get; init; }
    public string? StateName { get; init; }
}
