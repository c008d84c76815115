using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Operator.Atlas.Wire;

/// <summary>
/// Source-generated (trim- and AOT-safe) JSON for every wire type. Unknown fields are skipped by default and
/// names match case-insensitively, so new Atlas fields or casing changes do not break parsing.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(RestoreJobDto))]
[JsonSerializable(typeof(SnapshotDto))]
[JsonSerializable(typeof(FlexClusterDto))]
[JsonSerializable(typeof(ClusterDto))]
[JsonSerializable(typeof(PageDto<RestoreJobDto>))]
[JsonSerializable(typeof(PageDto<SnapshotDto>))]
[JsonSerializable(typeof(RestoreJobCreateDto))]
[JsonSerializable(typeof(OAuthTokenDto))]
internal sealed partial class AtlasJsonContext : JsonSerializerContext;
