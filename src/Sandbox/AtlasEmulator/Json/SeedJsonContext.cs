using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>Source-generated (AOT-safe) JSON for seed files: camelCase, string enums, comments allowed.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(UtcSecondsConverter)])]
[JsonSerializable(typeof(AtlasSeed))]
internal sealed partial class SeedJsonContext : JsonSerializerContext;
