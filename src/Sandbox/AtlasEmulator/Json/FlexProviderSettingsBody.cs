namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

internal sealed record FlexProviderSettingsBody(string BackingProviderName, double DiskSizeGB, string ProviderName, string RegionName);
