using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The outcome of a write: the object as stored (or its final state when it was removed).</summary>
internal sealed record StoreWriteResult(JsonObject? Object, bool Created, bool Removed);
