namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary><c>FlexClusterDescription20241113</c>.</summary>
internal sealed record FlexClusterBody
{
    public required FlexBackupSettingsBody BackupSettings { get; init; }
    public string ClusterType { get; init; } = "REPLICASET";
    public required ConnectionStringsBody ConnectionStrings { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public required string GroupId { get; init; }
    public required string Id { get; init; }
    public required string MongoDBVersion { get; init; }
    public required string Name { get; init; }
    public required FlexProviderSettingsBody ProviderSettings { get; init; }
    public required string StateName { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool TerminationProtectionEnabled { get; init; }
    public string VersionReleaseSystem { get; init; } = "LTS";
}
