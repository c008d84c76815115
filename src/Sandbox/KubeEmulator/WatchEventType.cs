namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The watch event types of the Kubernetes API.</summary>
public enum WatchEventType { Added, Modified, Deleted }
