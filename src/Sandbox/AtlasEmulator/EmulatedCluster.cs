namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>A cluster the emulator knows; replace it with <see cref="AtlasEmulatorState.UpdateCluster"/>.</summary>
public sealed record EmulatedCluster
{
    public required string ProjectId { get; init; }
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required ClusterKind Kind { get; init; }
    public required string MongoDBVersion { get; init; }
    public required string MongoDBMajorVersion { get; init; }
    public required string EncryptionAtRestProvider { get; init; }
    public required string StateName { get; init; }
    public required bool Paused { get; init; }
    public required string InstanceSizeName { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
}
