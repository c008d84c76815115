using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>A committed change: the new state (last state for deletions) and the previous one, for selector transitions.</summary>
public sealed record StoredEvent(long ResourceVersion, string ResourceKey, ChangeType Type, JsonObject Object, JsonObject? OldObject);
