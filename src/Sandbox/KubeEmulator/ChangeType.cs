namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>What a committed change did to an object (the ADDED, MODIFIED and DELETED watch events).</summary>
internal enum ChangeType { Added, Modified, Deleted }
