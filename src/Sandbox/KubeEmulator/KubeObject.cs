using System.Globalization;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>Accessors for the metadata of objects held as JSON.</summary>
public static class KubeObject
{
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string? MetadataString(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public static string Name(JsonObject obj) => MetadataString(obj, "name") ?? "";

    public static string? Namespace(JsonObject obj) => MetadataString(obj, "namespace");

    public static string? ResourceVersion(JsonObject obj) => MetadataString(obj, "resourceVersion");

    public static string? Uid(JsonObject obj) => MetadataString(obj, "uid");

    public static long Generation(JsonObject obj) => Int64(obj["metadata"]?["generation"]) ?? 0;

    /// <summary>An integer JSON value however it was created (parsed, or from an int or a long).</summary>
    public static long? Int64(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
        && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    public static bool IsDeleting(JsonObject obj) => MetadataString(obj, "deletionTimestamp") is not null;

    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        obj["metadata"] is JsonObject m && m["finalizers"] is JsonArray a
            ? a.Select(n => n is JsonValue v && v.TryGetValue(out string? s) ? s : "").Where(s => s.Length > 0).ToList()
            : [];

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"] is JsonObject m && m["labels"] is JsonObject l)
        {
            foreach (var (key, value) in l)
            {
                labels[key] = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "";
            }
        }

        return labels;
    }

    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;

    /// <summary>Reads a string at a dotted path, e.g. "involvedObject.kind".</summary>
    public static string? StringAt(JsonObject obj, string dottedPath)
    {
        JsonNode? node = obj;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue(out string? s) => s,
            _ => node.ToJsonString(),
        };
    }
}
