using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// A small strategic merge patch for built-in kinds, which kubectl patches this way from its compiled-in types: maps merge,
/// lists of objects with a <c>name</c> merge by name, other lists replace, and the <c>$</c> directives are honoured
/// only as far as <c>$patch: delete</c> in list items and dropping the ordering hints.
/// </summary>
internal static class StrategicMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray patchList && result[key] is JsonArray liveList && IsNamedList(patchList) && IsNamedList(liveList))
            {
                result[key] = MergeNamedLists(liveList, patchList);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }

    private static bool IsNamedList(JsonArray list) => list.Count > 0 && list.All(i => i is JsonObject o && o["name"] is JsonValue);

    private static JsonArray MergeNamedLists(JsonArray live, JsonArray patch)
    {
        var merged = live.Select(i => i!.DeepClone().AsObject()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var name = item["name"]!.ToJsonString();
            var index = merged.FindIndex(m => m["name"]!.ToJsonString() == name);
            var delete = item["$patch"] is JsonValue p && p.TryGetValue(out string? directive) && directive == "delete";
            if (delete)
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                merged[index] = Apply(merged[index], item)!.AsObject();
            }
            else
            {
                merged.Add(Apply(null, item)!.AsObject());
            }
        }

        return new JsonArray([.. merged]);
    }
}
