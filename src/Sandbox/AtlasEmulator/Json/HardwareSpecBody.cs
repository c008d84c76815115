namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

internal sealed record HardwareSpecBody
{
    public string? EffectiveInstanceSize { get; init; }
    public required string InstanceSize { get; init; }
    public int? NodeCount { get; init; }
}
