using System.Text.Json;
using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Entities;

/// <summary>Source-generated JSON for the custom resource, so reading and writing it needs no reflection (Native AOT).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AtlasSharedRestore))]
[JsonSerializable(typeof(AtlasSharedRestoreStatus))]
[JsonSerializable(typeof(AtlasSharedRestoreSpec))]
public sealed partial class EntitiesJsonContext : JsonSerializerContext;
