namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>
/// The cluster API (C1) answer: the pre-check fields shared by <c>LegacyAtlasCluster</c> (2023-01-01, with
/// <see cref="ProviderSettings"/>) and <c>AdvancedClusterDescription</c> / <c>ClusterDescription20240805</c>
/// (with <see cref="ReplicationSpecs"/>).
/// </summary>
internal sealed record ClusterBody
{
    public required bool BackupEnabled { get; init; }
    public string ClusterType { get; init; } = "REPLICASET";
    public required DateTimeOffset CreateDate { get; init; }
    public required string EncryptionAtRestProvider { get; init; }
    public required string GroupId { get; init; }
    public required string Id { get; init; }
    public required string MongoDBMajorVersion { get; init; }
    public required string MongoDBVersion { get; init; }
    public required string Name { get; init; }
    public required bool Paused { get; init; }
    public ClusterProviderSettingsBody? ProviderSettings { get; init; }
    public IReadOnlyList<ReplicationSpecBody>? ReplicationSpecs { get; init; }
    public required string StateName { get; init; }
}
