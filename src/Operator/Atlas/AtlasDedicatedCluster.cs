namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>The parts of a cluster (GET <c>/clusters/{name}</c>, media type 2024-08-05) the preflight checks read.</summary>
public sealed record AtlasDedicatedCluster
{
    public required string Name { get; init; }
    public string? GroupId { get; init; }
    public string? MongoDBMajorVersion { get; init; }
    public string? MongoDBVersion { get; init; }
    public string? EncryptionAtRestProvider { get; init; }
    public string? StateName { get; init; }
    public bool? Paused { get; init; }
}
