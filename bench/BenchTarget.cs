namespace AtlasRestoreOperator.Bench;

/// <summary>One restorable pair in a generated seed: a snapshot of a Flex source and a distinct Flex target.</summary>
public sealed record BenchTarget(string ProjectId, string SourceCluster, string SnapshotId, string TargetCluster);
