using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op["op"] is not JsonValue opValue || !opValue.TryGetValue(out string? name))
            {
                throw StatusBodies.BadRequest("the server rejected our request due to an error in our request: invalid JSON patch operation");
            }

            var path = op["path"]?.GetValue<string>() ?? throw Error($"missing path in {name} operation");
            switch (name)
            {
                case "add":
                    document = Add(document, path, op["value"]?.DeepClone(), op.ContainsKey("value"));
                    break;
                case "remove":
                    document = Remove(document, path, out _);
                    break;
                case "replace":
                    document = Remove(document, path, out _);
                    document = Add(document, path, op["value"]?.DeepClone(), true);
                    break;
                case "move":
                    document = Remove(document, op["from"]?.GetValue<string>() ?? throw Error("missing from"), out var moved);
                    document = Add(document, path, moved, true);
                    break;
                case "copy":
                    document = Add(document, path, Get(document, op["from"]?.GetValue<string>() ?? throw Error("missing from"))?.DeepClone(), true);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), op["value"]))
                    {
                        throw StatusBodies.BadRequest($"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                default:
                    throw Error($"Unexpected kind: {name}");
            }
        }

        return document;
    }

    private static string[] Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (!path.StartsWith('/'))
        {
            throw Error($"invalid path {path}");
        }

        return path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }

    private static JsonNode? Get(JsonNode document, string path)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw Error($"doc is missing path: \"{path}\""),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value, bool hasValue)
    {
        if (!hasValue)
        {
            throw Error("missing value");
        }

        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            return value ?? throw Error("cannot replace the document with null");
        }

        var parent = Get(document, tokens.Length == 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Error($"doc is missing path: \"{path}\"");
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string path, out JsonNode? removed)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            throw Error("cannot remove the whole document");
        }

        var parent = Get(document, tokens.Length == 1 ? "" : "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var child):
                o.Remove(last);
                removed = child;
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default:
                throw Error($"Unable to remove nonexistent key: {last}: missing value");
        }

        return document;
    }

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

    private static KubeApiException Error(string detail) =>
        StatusBodies.BadRequest($"the server rejected our request due to an error in our request: {detail}");
}
