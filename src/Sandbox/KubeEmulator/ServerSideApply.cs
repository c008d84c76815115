using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// Server-side apply: the applied configuration is merged into the live object (maps merge, lists are atomic), each
/// manager's fields are recorded in <c>metadata.managedFields</c> (FieldsV1), and a field a manager applied before but
/// omits now is removed unless another manager still owns it. An apply that changes the value of a field another
/// manager owns is a 409 conflict unless <c>force=true</c>, which moves the field to the applier; applying the same
/// value shares ownership. As the real server, manager <c>kubectl</c> may take over fields that client-side apply
/// recorded in the last-applied annotation, so switching a kubectl user to <c>--server-side</c> does not conflict.
/// </summary>
internal static class ServerSideApply
{
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    public static JsonObject Merge(JsonObject current, JsonObject applied, string manager, string apiVersion, DateTimeOffset now, bool statusSubresource, bool hasStatusSubresource, bool force)
    {
        var result = current.DeepClone().AsObject();
        var entries = FieldOwnership.Entries(current);
        var subresource = statusSubresource ? "status" : null;
        var newFields = FieldSet(applied, isRoot: true);
        var previousEntry = entries.FirstOrDefault(e => FieldOwnership.IsEntryOf(e, manager, "Apply", subresource));
        var others = entries.Where(e => !ReferenceEquals(e, previousEntry)).ToList();
        var previous = previousEntry?["fieldsV1"] as JsonObject;
        if (previous is not null)
        {
            var kept = new HashSet<string>(FieldOwnership.Paths(newFields).Select(FieldOwnership.Key), StringComparer.Ordinal);
            var ownedByOthers = others
                .Where(e => e["fieldsV1"] is JsonObject)
                .SelectMany(e => FieldOwnership.Paths(e["fieldsV1"]!.AsObject()))
                .Select(FieldOwnership.Key)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var path in FieldOwnership.Paths(previous).Where(p => !kept.Contains(FieldOwnership.Key(p)) && !ownedByOthers.Contains(FieldOwnership.Key(p))))
            {
                Remove(result, path);
            }
        }

        result = JsonMergePatch.Apply(result, applied)!.AsObject();

        // A conflict is a field another manager owns whose value this apply changes; the same value is shared ownership.
        var conflicts = others
            .Where(e => e["fieldsV1"] is JsonObject)
            .SelectMany(e => FieldOwnership.Paths(e["fieldsV1"]!.AsObject())
                .Where(p => InScope(p, statusSubresource, hasStatusSubresource) && FieldOwnership.Changed(current, result, p))
                .Select(p => (Entry: e, Path: p)))
            .ToList();
        if (conflicts.Count > 0 && !force && !TakenOverFromClientSideApply(current, manager, conflicts.Select(c => c.Path)))
        {
            throw StatusBodies.ApplyConflict([.. conflicts.Select(c => (FieldOwnership.DescribeManager(c.Entry), FieldOwnership.Display(c.Path)))]);
        }

        var taken = conflicts.Select(c => c.Path).ToList();
        var updatedEntries = others.Select(e => FieldOwnership.WithoutPaths(e, taken)).OfType<JsonObject>().ToList();

        // An apply that owns exactly what it owned before keeps its entry, so an unchanged re-apply is a no-op write.
        updatedEntries.Add(previousEntry is not null && JsonNode.DeepEquals(previous, newFields) && KubeObject.StringAt(previousEntry, "apiVersion") == apiVersion
            ? previousEntry
            : Entry(manager, apiVersion, now, newFields, subresource));
        FieldOwnership.SetEntries(result, updatedEntries);
        return result;
    }

    public static JsonObject Entry(string manager, string apiVersion, DateTimeOffset now, JsonObject fields, string? subresource) =>
        FieldOwnership.Entry(manager, "Apply", apiVersion, now, fields, subresource);

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
                    if (FieldOwnership.IsTrackedMetadata(metaKey))
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

    /// <summary>An apply to /status only touches status; an apply to the object never touches what /status owns.</summary>
    private static bool InScope(string[] path, bool statusSubresource, bool hasStatusSubresource) =>
        statusSubresource ? path[0] == "status" : !(hasStatusSubresource && path[0] == "status");

    /// <summary>
    /// The real server lets manager <c>kubectl</c> take fields from any manager when every conflicting field is in the
    /// live object's last-applied annotation and the live object still holds the annotation's values.
    /// </summary>
    private static bool TakenOverFromClientSideApply(JsonObject current, string manager, IEnumerable<string[]> conflicting)
    {
        if (manager != "kubectl" || current["metadata"]?["annotations"]?[LastAppliedAnnotation] is not JsonValue annotation
            || !annotation.TryGetValue(out string? text))
        {
            return false;
        }

        JsonObject lastApplied;
        try
        {
            lastApplied = JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }

        // kubectl writes "annotations":{} into the annotation; an empty map sets nothing, so it is not compared.
        var lastAppliedPaths = FieldOwnership.Leaves(lastApplied)
            .Where(p => !(FieldOwnership.TryGetValue(lastApplied, p, out var value) && value is JsonObject { Count: 0 }))
            .ToList();
        return lastAppliedPaths.All(p => !FieldOwnership.Changed(lastApplied, current, p))
            && conflicting.All(c => lastAppliedPaths.Any(p => FieldOwnership.Overlaps(p, c)));
    }

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
