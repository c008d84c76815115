using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// Reads JSON values the way the API server's decoder sees them: a number whose text is an integer is an int64,
/// any other number a float64.
/// </summary>
internal static class JsonValues
{
    /// <summary>The OpenAPI type name of a value: null, object, array, string, boolean, integer or number.</summary>
    public static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => TryGetInteger(node, out _) ? "integer" : "number",
            _ => "null",
        },
    };

    public static bool IsNumber(JsonNode? node) => node is JsonValue && node.GetValueKind() == JsonValueKind.Number;

    public static bool IsString(JsonNode? node) => node is JsonValue && node.GetValueKind() == JsonValueKind.String;

    public static bool IsBoolean(JsonNode? node) =>
        node is JsonValue && node.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    /// <summary>True when the number's JSON text is an integer that fits in 64 bits.</summary>
    public static bool TryGetInteger(JsonNode node, out long value)
    {
        var text = node.ToJsonString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static double GetDouble(JsonNode node) =>
        double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Whole-number floats (1.0) count as integers, as kube-openapi's type check allows.</summary>
    public static bool IsWholeNumber(JsonNode node)
    {
        if (TryGetInteger(node, out _))
        {
            return true;
        }

        var d = GetDouble(node);
        return !double.IsInfinity(d) && Math.Floor(d) == d;
    }

    /// <summary>The text of a string value, also for values built in code from non-string CLR types (DateTime).</summary>
    public static string GetString(JsonNode node)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.GetString() ?? "";
    }

    public static bool GetBoolean(JsonNode node) => node.GetValueKind() == JsonValueKind.True;

    /// <summary>Length in Unicode code points, as Go's utf8.RuneCountInString counts.</summary>
    public static int RuneCount(string s)
    {
        var count = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsLowSurrogate(s[i]) || i == 0 || !char.IsHighSurrogate(s[i - 1]))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Structural equality: objects by key set, arrays in order, numbers by value.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (JsonObject oa, JsonObject ob):
                if (oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonArray aa, JsonArray ab):
                if (aa.Count != ab.Count)
                {
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ab[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonValue, JsonValue):
                var ka = a.GetValueKind();
                var kb = b.GetValueKind();
                if (ka == JsonValueKind.Number && kb == JsonValueKind.Number)
                {
                    if (TryGetInteger(a, out var la) && TryGetInteger(b, out var lb))
                    {
                        return la == lb;
                    }

                    return GetDouble(a) == GetDouble(b);
                }

                if (ka != kb)
                {
                    return false;
                }

                return ka != JsonValueKind.String || GetString(a) == GetString(b);
            default:
                return false;
        }
    }
}
