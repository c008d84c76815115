using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// Field ownership in <c>metadata.managedFields</c> (FieldsV1), at leaf granularity: a leaf is a scalar, a list (lists
/// are atomic) or an empty map. Tracked are every top-level field but apiVersion, kind and metadata, plus
/// metadata.labels, annotations, finalizers and ownerReferences, as the real server tracks them.
/// Update writes (create, PUT, merge and JSON patch) take the fields they change from every other manager, as the real
/// server's field manager does for operation <c>Update</c>.
/// </summary>
internal static class FieldOwnership
{
    /// <summary>The metadata fields whose ownership is tracked; the rest of metadata belongs to the server.</summary>
    public static bool IsTrackedMetadata(string key) => key is "labels" or "annotations" or "finalizers" or "ownerReferences";

    /// <summary>The tracked leaf paths of an object, as key lists.</summary>
    public static List<string[]> Leaves(JsonObject obj)
    {
        var leaves = new List<string[]>();
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind")
            {
                continue;
            }

            if (key == "metadata")
            {
                foreach (var (metaKey, metaValue) in value as JsonObject ?? [])
                {
                    if (IsTrackedMetadata(metaKey) && metaValue is not null)
                    {
                        AddLeaves(metaValue, ["metadata", metaKey], leaves);
                    }
                }

                continue;
            }

            if (value is not null)
            {
                AddLeaves(value, [key], leaves);
            }
        }

        return leaves;
    }

    /// <summary>Whether the value at <paramref name="path"/> differs between two objects (absent counts as a value).</summary>
    public static bool Changed(JsonObject before, JsonObject after, string[] path)
    {
        var had = TryGetValue(before, path, out var old);
        var has = TryGetValue(after, path, out var now);
        return had != has || !JsonNode.DeepEquals(old, now);
    }

    public static bool TryGetValue(JsonObject root, string[] path, out JsonNode? value)
    {
        JsonNode? node = root;
        foreach (var key in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node))
            {
                value = null;
                return false;
            }
        }

        value = node;
        return true;
    }

    /// <summary>The leaf paths of a FieldsV1 set, as key lists without the "f:" prefixes.</summary>
    public static IEnumerable<string[]> Paths(JsonObject set)
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

    /// <summary>A FieldsV1 set holding <paramref name="paths"/>: <c>{"f:spec":{"f:size":{}}}</c>.</summary>
    public static JsonObject ToFieldsV1(IEnumerable<string[]> paths)
    {
        var set = new JsonObject();
        foreach (var path in paths)
        {
            var node = set;
            foreach (var key in path)
            {
                if (node["f:" + key] is not JsonObject child)
                {
                    child = new JsonObject();
                    node["f:" + key] = child;
                }

                node = child;
            }
        }

        return set;
    }

    public static string Key(string[] path) => string.Join('\u0000', path);

    /// <summary>A path as the real server prints it in conflicts: <c>.spec.size</c>.</summary>
    public static string Display(string[] path) => string.Concat(path.Select(p => "." + p));

    /// <summary>Whether one path is the other or lies under it (owning a map owns what is in it).</summary>
    public static bool Overlaps(string[] a, string[] b)
    {
        var shorter = Math.Min(a.Length, b.Length);
        return a.AsSpan(0, shorter).SequenceEqual(b.AsSpan(0, shorter));
    }

    /// <summary>
    /// Records an Update-operation write by <paramref name="manager"/> into <paramref name="updated"/>'s managedFields:
    /// the manager gains every leaf the write added or changed and loses the removed ones; the other managers lose all of
    /// them. A write that changes no tracked field leaves managedFields alone, so it stays a no-op.
    /// </summary>
    public static void RecordUpdate(JsonObject? current, JsonObject updated, string manager, string apiVersion, DateTimeOffset now, string? subresource)
    {
        var changed = Leaves(updated).Where(p => current is null || Changed(current, updated, p)).ToList();
        var removed = current is null ? [] : Leaves(current).Where(p => !TryGetValue(updated, p, out _)).ToList();
        if (changed.Count == 0 && removed.Count == 0)
        {
            return;
        }

        var touched = changed.Concat(removed).ToList();
        var entries = Entries(updated);
        var own = entries.FirstOrDefault(e => IsEntryOf(e, manager, "Update", subresource));
        var ownPaths = own?["fieldsV1"] is JsonObject ownSet ? Paths(ownSet).ToList() : [];
        var result = new List<JsonObject>();
        foreach (var entry in entries.Where(e => !ReferenceEquals(e, own)))
        {
            if (WithoutPaths(entry, touched) is { } kept)
            {
                result.Add(kept);
            }
        }

        // A removed leaf is in neither list: it overlaps itself in touched, and changed holds only leaves still present.
        var newOwn = ownPaths.Where(p => !touched.Any(t => Overlaps(p, t))).Concat(changed).ToList();
        if (newOwn.Count > 0)
        {
            result.Add(Entry(manager, "Update", apiVersion, now, ToFieldsV1(newOwn), subresource));
        }

        SetEntries(updated, result);
    }

    /// <summary>An entry with the paths overlapping <paramref name="taken"/> removed; null when nothing is left.</summary>
    public static JsonObject? WithoutPaths(JsonObject entry, IReadOnlyCollection<string[]> taken)
    {
        if (entry["fieldsV1"] is not JsonObject set)
        {
            return entry;
        }

        var paths = Paths(set).ToList();
        var kept = paths.Where(p => !taken.Any(t => Overlaps(p, t))).ToList();
        if (kept.Count == paths.Count)
        {
            return entry;
        }

        if (kept.Count == 0)
        {
            return null;
        }

        var copy = entry.DeepClone().AsObject();
        copy["fieldsV1"] = ToFieldsV1(kept);
        return copy;
    }

    public static List<JsonObject> Entries(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>().Select(e => e.DeepClone().AsObject()).ToList() ?? [];

    /// <summary>Stores the entries in the real server's order: Apply before Update, then by time, manager, apiVersion, subresource.</summary>
    public static void SetEntries(JsonObject obj, IEnumerable<JsonObject> entries)
    {
        var sorted = entries
            .OrderBy(e => KubeObject.StringAt(e, "operation"), StringComparer.Ordinal)
            .ThenBy(e => KubeObject.StringAt(e, "time"), StringComparer.Ordinal)
            .ThenBy(e => KubeObject.StringAt(e, "manager"), StringComparer.Ordinal)
            .ThenBy(e => KubeObject.StringAt(e, "apiVersion"), StringComparer.Ordinal)
            .ThenBy(e => KubeObject.StringAt(e, "subresource") ?? "", StringComparer.Ordinal)
            .Select(e => (JsonNode?)(e.Parent is null ? e : e.DeepClone()));
        KubeObject.Metadata(obj)["managedFields"] = new JsonArray([.. sorted]);
    }

    public static bool IsEntryOf(JsonObject entry, string manager, string operation, string? subresource) =>
        KubeObject.StringAt(entry, "manager") == manager
        && KubeObject.StringAt(entry, "operation") == operation
        && KubeObject.StringAt(entry, "subresource") == subresource;

    public static JsonObject Entry(string manager, string operation, string apiVersion, DateTimeOffset now, JsonObject fields, string? subresource)
    {
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = operation,
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

    /// <summary>How the real server names a manager in a conflict: <c>"kubectl-patch" using example.com/v1</c> for an updater.</summary>
    public static string DescribeManager(JsonObject entry)
    {
        var text = GoFormat.Quote(KubeObject.StringAt(entry, "manager") ?? "");
        if (KubeObject.StringAt(entry, "subresource") is { } subresource)
        {
            text += $" with subresource {GoFormat.Quote(subresource)}";
        }

        return KubeObject.StringAt(entry, "operation") == "Update" ? $"{text} using {KubeObject.StringAt(entry, "apiVersion")}" : text;
    }

    private static void AddLeaves(JsonNode value, string[] path, List<string[]> leaves)
    {
        if (value is JsonObject obj && obj.Count > 0)
        {
            foreach (var (key, child) in obj)
            {
                if (child is not null)
                {
                    AddLeaves(child, [.. path, key], leaves);
                }
            }
        }
        else
        {
            leaves.Add(path);
        }
    }
}
