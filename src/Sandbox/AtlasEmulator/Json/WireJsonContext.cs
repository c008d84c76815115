using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>Source-generated (AOT-safe) JSON for the HTTP bodies: camelCase, unset fields omitted, second-precision UTC times.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcSecondsConverter)])]
[JsonSerializable(typeof(RestoreJobBody))]
[JsonSerializable(typeof(SnapshotBody))]
[JsonSerializable(typeof(PagedBody<RestoreJobBody>))]
[JsonSerializable(typeof(PagedBody<SnapshotBody>))]
[JsonSerializable(typeof(FlexClusterBody))]
[JsonSerializable(typeof(ClusterBody))]
[JsonSerializable(typeof(RestoreRequestBody))]
[JsonSerializable(typeof(TokenResponseBody))]
[JsonSerializable(typeof(OAuthErrorBody))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
