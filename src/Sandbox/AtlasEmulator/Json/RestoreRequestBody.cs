namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>The writable fields of the create and download POST bodies (unknown fields are ignored).</summary>
internal sealed record RestoreRequestBody
{
    public string? SnapshotId { get; init; }
    public string? TargetDeploymentItemName { get; init; }
    public string? TargetProjectId { get; init; }
    public string? InstanceName { get; init; }
}
