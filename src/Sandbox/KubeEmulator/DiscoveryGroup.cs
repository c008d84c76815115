namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>An API group as discovery lists it: its versions in preference order and its resources.</summary>
internal sealed record DiscoveryGroup(string Name, IReadOnlyList<string> Versions, IReadOnlyList<ResourceDefinition> Resources);
