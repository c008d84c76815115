namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>What a committed change did to an object (the ADDED, MODIFIED and DELETED watch events).</summary>
public enum ChangeType { Added, Modified, Deleted }
