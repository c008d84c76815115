using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Operator.Crd;

/// <summary>
/// Writes a JSON tree as block-style YAML with stable key order, so the generated CRD diffs cleanly in Git.
/// Scalars are quoted whenever a plain scalar could be read back as something else.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonNode node)
    {
        var builder = new StringBuilder();
        WriteNode(builder, node, 0, inSequence: false);
        return builder.ToString();
    }

    private static void WriteNode(StringBuilder builder, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                WriteObject(builder, obj, indent, inSequence);
                break;
            case JsonArray { Count: > 0 } array:
                WriteArray(builder, array, indent);
                break;
            default:
                builder.Append(Scalar(node)).Append('\n');
                break;
        }
    }

    private static void WriteObject(StringBuilder builder, JsonObject obj, int indent, bool inSequence)
    {
        var first = true;
        foreach (var (key, value) in obj)
        {
            // The first key of a mapping inside a sequence item shares the "- " line.
            if (!(first && inSequence))
            {
                builder.Append(' ', indent);
            }

            first = false;
            builder.Append(Key(key)).Append(':');
            if (value is JsonObject { Count: > 0 } child)
            {
                builder.Append('\n');
                WriteObject(builder, child, indent + 2, inSequence: false);
            }
            else if (value is JsonArray { Count: > 0 } items)
            {
                builder.Append('\n');
                WriteArray(builder, items, indent);
            }
            else
            {
                builder.Append(' ');
                WriteNode(builder, value, indent + 2, inSequence: false);
            }
        }
    }

    private static void WriteArray(StringBuilder builder, JsonArray array, int indent)
    {
        foreach (var item in array)
        {
            builder.Append(' ', indent).Append("- ");
            if (item is JsonObject { Count: > 0 } obj)
            {
                WriteObject(builder, obj, indent + 2, inSequence: true);
            }
            else
            {
                WriteNode(builder, item, indent + 2, inSequence: false);
            }
        }
    }

    private static string Key(string key) => NeedsQuotes(key) ? Quote(key) : key;

    private static string Scalar(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case JsonObject:
                return "{}";
            case JsonArray:
                return "[]";
        }

        var value = node.AsValue();
        return value.GetValueKind() switch
        {
            JsonValueKind.String => FormatString(value.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => "null",
        };
    }

    private static string FormatString(string text) => NeedsQuotes(text) ? Quote(text) : text;

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || text.Trim() != text)
        {
            return true;
        }

        if (text is "true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~" ||
            decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return true;
        }

        // Characters that start or change the meaning of a plain YAML scalar.
        const string indicators = "-?:,[]{}#&*!|>'\"%@`";
        if (indicators.Contains(text[0]))
        {
            return true;
        }

        return text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal) ||
               text.Contains('\n') || text.Contains('\\') || text.EndsWith(':');
    }

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
