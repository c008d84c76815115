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
// metadata.managedFields[].fieldsV1 is typed object and read as a JsonElement: an API server sends it on every
// object, and writing the object back (the status PUT) must be able to serialize it.
[JsonSerializable(typeof(JsonElement))]
public sealed partial class EntitiesJsonContext : JsonSerializerContext;
