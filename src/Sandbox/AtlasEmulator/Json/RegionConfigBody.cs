namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

internal sealed record RegionConfigBody
{
    public string? BackingProviderName { get; init; }
    public required HardwareSpecBody ElectableSpecs { get; init; }
    public required string ProviderName { get; init; }
    public required string RegionName { get; init; }
}
