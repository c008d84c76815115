namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The failures <see cref="KubeFaults"/> can inject.</summary>
public enum FaultKind { Conflict, InternalError, Latency }
