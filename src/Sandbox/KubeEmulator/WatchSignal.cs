namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>What a watch stream receives: a change, or a request to send a BOOKMARK at a resourceVersion.</summary>
internal sealed record WatchSignal(StoredEvent? Event, long BookmarkResourceVersion);
