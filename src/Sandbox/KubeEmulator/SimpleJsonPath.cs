using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// The JSONPath subset printer columns use: <c>.a.b</c>, <c>[n]</c>, <c>['key']</c> and <c>[?(@.type=="Ready")].status</c>.
/// Returns the first match, or null when a key is missing.
/// </summary>
internal static class SimpleJsonPath
{
    public static JsonNode? Evaluate(JsonNode? root, string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        var node = root;
        var i = 0;
        while (i < text.Length && node is not null)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }

                var key = text[(i + 1)..end];
                node = key.Length == 0 ? node : (node as JsonObject)?[key];
                i = end;
            }
            else if (text[i] == '[')
            {
                var end = FindClosingBracket(text, i);
                var inner = text[(i + 1)..end].Trim();
                node = Index(node, inner);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    private static int FindClosingBracket(string text, int open)
    {
        var depth = 0;
        var quote = '\0';
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    private static JsonNode? Index(JsonNode node, string inner)
    {
        if (inner.StartsWith("?(") && inner.EndsWith(')'))
        {
            return Filter(node as JsonArray, inner[2..^1].Trim());
        }

        if (inner is "*" or "")
        {
            return node is JsonArray all && all.Count > 0 ? all[0] : null;
        }

        if (int.TryParse(inner, out var index))
        {
            return node is JsonArray array && index >= 0 && index < array.Count ? array[index] : null;
        }

        return (node as JsonObject)?[inner.Trim('\'', '"')];
    }

    private static JsonNode? Filter(JsonArray? array, string expression)
    {
        if (array is null)
        {
            return null;
        }

        var equal = expression.IndexOf("==", StringComparison.Ordinal);
        var notEqual = expression.IndexOf("!=", StringComparison.Ordinal);
        var at = equal >= 0 ? equal : notEqual;
        if (at < 0 || !expression.StartsWith("@"))
        {
            return null;
        }

        var left = expression[1..at].Trim();
        var right = expression[(at + 2)..].Trim().Trim('"', '\'');
        foreach (var item in array)
        {
            var value = Evaluate(item, left);
            var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString();
            if ((text == right) == (equal >= 0))
            {
                return item;
            }
        }

        return null;
    }
}
