namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>2023-01-01 <c>providerSettings</c>: <c>TENANT</c> (with a backing provider) or a cloud provider.</summary>
internal sealed record ClusterProviderSettingsBody
{
    public string? BackingProviderName { get; init; }
    public string? EffectiveInstanceSizeName { get; init; }
    public required string InstanceSizeName { get; init; }
    public required string ProviderName { get; init; }
    public required string RegionName { get; init; }
}
