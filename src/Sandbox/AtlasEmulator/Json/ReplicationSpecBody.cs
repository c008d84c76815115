namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

internal sealed record ReplicationSpecBody(IReadOnlyList<RegionConfigBody> RegionConfigs);
