using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// A simple server-side apply: the applied configuration is merged into the live object (maps merge, lists are atomic),
/// each apply manager's fields are recorded in <c>metadata.managedFields</c> (FieldsV1), and a field a manager applied
/// before but omits now is removed unless another apply manager still owns it. Conflicts with other managers are not
/// detected (every apply behaves as if <c>force=true</c>).
/// </summary>
internal static class ServerSideApply
{
    public static JsonObject Merge(JsonObject current, JsonObject applied, string manager, string apiVersion, DateTimeOffset now, bool statusSubresource)
    {
        var result = current.DeepClone().AsObject();
        var entries = current["metadata"]?["managedFields"] as JsonArray;
        var subresource = statusSubresource ? "status" : null;
        var newFields = FieldSet(applied, isRoot: true);
        var previousEntry = entries?.OfType<JsonObject>().FirstOrDefault(e => IsApplyBy(e, manager, subresource));
        var previous = previousEntry?["fieldsV1"] as JsonObject;
        if (previous is not null)
        {
            var kept = new HashSet<string>(Paths(newFields).Select(Key), StringComparer.Ordinal);
            var others = entries!.OfType<JsonObject>()
                .Where(e => !IsApplyBy(e, manager, subresource) && e["fieldsV1"] is JsonObject)
                .SelectMany(e => Paths(e["fieldsV1"]!.AsObject()))
                .Select(Key)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var path in Paths(previous).Where(p => !kept.Contains(Key(p)) && !others.Contains(Key(p))))
            {
                Remove(result, path);
            }
        }

        result = JsonMergePatch.Apply(result, applied)!.AsObject();
        var updatedEntries = new JsonArray();
        foreach (var entry in entries?.OfType<JsonObject>() ?? [])
        {
            if (!IsApplyBy(entry, manager, subresource))
            {
                updatedEntries.Add(entry.DeepClone());
            }
        }

        // An apply that owns exactly what it owned before keeps its entry, so an unchanged re-apply is a no-op write.
        updatedEntries.Add(previousEntry is not null && JsonNode.DeepEquals(previous, newFields) && KubeObject.StringAt(previousEntry, "apiVersion") == apiVersion
            ? previousEntry.DeepClone()
            : Entry(manager, apiVersion, now, newFields, subresource));
        KubeObject.Metadata(result)["managedFields"] = updatedEntries;
        return result;
    }

    public static JsonObject Entry(string manager, string apiVersion, DateTimeOffset now, JsonObject fields, string? subresource)
    {
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = apiVersion,
            ["time"] = KubeObject.FormatTimestamp(now),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        };
        if (subresource is not null)
        {
            entry["subresource"] = subresource;
        }

        return entry;
    }

    /// <summary>The FieldsV1 set of an applied configuration: <c>{"f:spec":{"f:size":{}}}</c>; identity fields are left out.</summary>
    public static JsonObject FieldSet(JsonObject applied, bool isRoot)
    {
        var set = new JsonObject();
        foreach (var (key, value) in applied)
        {
            if (isRoot && key is "apiVersion" or "kind")
            {
                continue;
            }

            if (isRoot && key == "metadata" && value is JsonObject metadata)
            {
                var metadataSet = new JsonObject();
                foreach (var (metaKey, metaValue) in metadata)
                {
                    if (metaKey is "labels" or "annotations" or "finalizers" or "ownerReferences")
                    {
                        metadataSet["f:" + metaKey] = metaValue is JsonObject map ? FieldSet(map, isRoot: false) : new JsonObject();
                    }
                }

                if (metadataSet.Count > 0)
                {
                    set["f:metadata"] = metadataSet;
                }

                continue;
            }

            set["f:" + key] = value is JsonObject child ? FieldSet(child, isRoot: false) : new JsonObject();
        }

        return set;
    }

    private static bool IsApplyBy(JsonObject entry, string manager, string? subresource) =>
        KubeObject.StringAt(entry, "manager") == manager
        && KubeObject.StringAt(entry, "operation") == "Apply"
        && KubeObject.StringAt(entry, "subresource") == subresource;

    /// <summary>The leaf paths of a FieldsV1 set, as key lists without the "f:" prefixes.</summary>
    private static IEnumerable<string[]> Paths(JsonObject set)
    {
        foreach (var (key, value) in set)
        {
            var name = key.StartsWith("f:", StringComparison.Ordinal) ? key[2..] : key;
            if (value is JsonObject child && child.Count > 0)
            {
                foreach (var rest in Paths(child))
                {
                    yield return [name, .. rest];
                }
            }
            else
            {
                yield return [name];
            }
        }
    }

    private static string Key(string[] path) => string.Join('\u0000', path);

    private static void Remove(JsonObject root, string[] path)
    {
        JsonObject? parent = root;
        foreach (var key in path[..^1])
        {
            parent = parent?[key] as JsonObject;
        }

        parent?.Remove(path[^1]);
    }
}
