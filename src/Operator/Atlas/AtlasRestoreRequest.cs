namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>The writable fields of a restore-job POST (the same three on both APIs).</summary>
public sealed record AtlasRestoreRequest(string SnapshotId, string TargetDeploymentItemName, string? TargetProjectId);
