namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>One row of the fault matrix: which faults are injected while the restores run.</summary>
public enum FaultMatrixCase
{
    Atlas500,
    Atlas503,
    Atlas429WithRetryAfter,
    AtlasTimeout,
    AtlasDroppedConnection,
    AtlasCreateThenDrop,
    KubeWatchDrops,
    KubeForced410,
    KubeStatusConflicts,
    KubeApiServerRestart,
    Everything,
}
