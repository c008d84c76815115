using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// One node of a CRD version's structural schema (<c>schema.openAPIV3Schema</c>), parsed once when the CRD is stored
/// and then used to prune, default and validate objects. Every node of the tree is a <see cref="StructuralSchema"/>.
/// </summary>
public sealed class StructuralSchema
{
    private static readonly FrozenSet<string> IgnoredKeywords = new[]
    {
        "description", "title", "example", "externalDocs", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
        "x-kubernetes-map-type", "$schema",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> KnownTypes =
        new[] { "object", "array", "string", "integer", "number", "boolean" }.ToFrozenSet(StringComparer.Ordinal);

    private StructuralSchema(string path)
    {
        Path = path;
    }

    /// <summary>Where this node sits, for messages: <c>spec.items[*].name</c>; empty for the root.</summary>
    internal string Path { get; }

    /// <summary>The declared type; empty for int-or-string and for untyped preserve-unknown-fields nodes.</summary>
    internal string Type { get; private set; } = "";

    internal bool Nullable { get; private set; }

    internal bool PreserveUnknownFields { get; private set; }

    internal bool IntOrString { get; private set; }

    /// <summary>x-kubernetes-embedded-resource: apiVersion, kind and metadata inside are kept like at the root.</summary>
    internal bool EmbeddedResource { get; private set; }

    internal IReadOnlyList<KeyValuePair<string, StructuralSchema>> Properties { get; private set; } = [];

    private Dictionary<string, StructuralSchema> PropertiesByName { get; set; } = [];

    internal StructuralSchema? Items { get; private set; }

    internal StructuralSchema? AdditionalProperties { get; private set; }

    internal IReadOnlyList<string> Required { get; private set; } = [];

    internal JsonArray? Enum { get; private set; }

    internal JsonNode? Default { get; private set; }

    internal bool HasDefault { get; private set; }

    internal string? Pattern { get; private set; }

    internal Regex? PatternRegex { get; private set; }

    internal long? MinLength { get; private set; }

    internal long? MaxLength { get; private set; }

    internal double? Minimum { get; private set; }

    internal double? Maximum { get; private set; }

    internal bool ExclusiveMinimum { get; private set; }

    internal bool ExclusiveMaximum { get; private set; }

    internal double? MultipleOf { get; private set; }

    internal long? MinItems { get; private set; }

    internal long? MaxItems { get; private set; }

    internal long? MinProperties { get; private set; }

    internal long? MaxProperties { get; private set; }

    internal string? Format { get; private set; }

    internal IReadOnlyList<CelValidationRule> Rules { get; private set; } = [];

    /// <summary>True when this node or any below it carries x-kubernetes-validations rules.</summary>
    internal bool ContainsRules { get; private set; }

    internal StructuralSchema? Property(string name) => PropertiesByName.GetValueOrDefault(name);

    /// <summary>Parses <c>openAPIV3Schema</c>; throws <see cref="SchemaNotSupportedException"/> for what cannot be evaluated.</summary>
    public static StructuralSchema Parse(JsonObject openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        var root = ParseNode(openApiV3Schema, "", underList: false);
        if (root.Type != "object")
        {
            throw new SchemaNotSupportedException("The schema root must have type: object.");
        }

        return root;
    }

    internal static string DisplayPath(string path) => path.Length == 0 ? "<root>" : path;

    private static StructuralSchema ParseNode(JsonObject json, string path, bool underList)
    {
        var node = new StructuralSchema(path);
        foreach (var (keyword, value) in json)
        {
            switch (keyword)
            {
                case "type":
                    node.Type = ReadString(value, keyword, path);
                    if (!KnownTypes.Contains(node.Type))
                    {
                        throw new SchemaNotSupportedException(
                            $"type \"{node.Type}\" at {DisplayPath(path)} is not a structural schema type: use object, array, string, integer, number or boolean.");
                    }

                    break;
                case "nullable":
                    node.Nullable = ReadBool(value, keyword, path);
                    break;
                case "x-kubernetes-preserve-unknown-fields":
                    node.PreserveUnknownFields = ReadBool(value, keyword, path);
                    break;
                case "x-kubernetes-int-or-string":
                    node.IntOrString = ReadBool(value, keyword, path);
                    break;
                case "x-kubernetes-embedded-resource":
                    node.EmbeddedResource = ReadBool(value, keyword, path);
                    break;
                case "properties":
                    var properties = new List<KeyValuePair<string, StructuralSchema>>();
                    foreach (var (name, child) in ReadObject(value, keyword, path))
                    {
                        var childNode = ParseNode(ReadObject(child, name, path), Child(path, name), underList);
                        properties.Add(new KeyValuePair<string, StructuralSchema>(name, childNode));
                    }

                    node.Properties = properties;
                    node.PropertiesByName = properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                    break;
                case "items":
                    node.Items = ParseNode(ReadObject(value, keyword, path), path + "[*]", underList: true);
                    break;
                case "additionalProperties":
                    if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                    {
                        throw new SchemaNotSupportedException(
                            $"additionalProperties: {v.ToJsonString()} at {DisplayPath(path)} is not structural: give it a schema or use x-kubernetes-preserve-unknown-fields.");
                    }

                    node.AdditionalProperties = ParseNode(ReadObject(value, keyword, path), path + "[*]", underList);
                    break;
                case "required":
                    node.Required = ReadArray(value, keyword, path).Select(r => ReadString(r, keyword, path)).ToList();
                    break;
                case "enum":
                    node.Enum = (JsonArray)ReadArray(value, keyword, path).DeepClone();
                    break;
                case "default":
                    node.Default = value?.DeepClone();
                    node.HasDefault = true;
                    break;
                case "pattern":
                    node.Pattern = ReadString(value, keyword, path);
                    node.PatternRegex = CompilePattern(node.Pattern, path);
                    break;
                case "minLength":
                    node.MinLength = ReadLong(value, keyword, path);
                    break;
                case "maxLength":
                    node.MaxLength = ReadLong(value, keyword, path);
                    break;
                case "minItems":
                    node.MinItems = ReadLong(value, keyword, path);
                    break;
                case "maxItems":
                    node.MaxItems = ReadLong(value, keyword, path);
                    break;
                case "minProperties":
                    node.MinProperties = ReadLong(value, keyword, path);
                    break;
                case "maxProperties":
                    node.MaxProperties = ReadLong(value, keyword, path);
                    break;
                case "minimum":
                    node.Minimum = ReadDouble(value, keyword, path);
                    break;
                case "maximum":
                    node.Maximum = ReadDouble(value, keyword, path);
                    break;
                case "exclusiveMinimum":
                    node.ExclusiveMinimum = ReadBool(value, keyword, path);
                    break;
                case "exclusiveMaximum":
                    node.ExclusiveMaximum = ReadBool(value, keyword, path);
                    break;
                case "multipleOf":
                    node.MultipleOf = ReadDouble(value, keyword, path);
                    break;
                case "format":
                    node.Format = ReadString(value, keyword, path);
                    break;
                case "x-kubernetes-validations":
                    break; // Parsed below, once the node's type and properties are known.
                case "anyOf" or "allOf" or "oneOf" or "not":
                    if (!json.ContainsKey("x-kubernetes-int-or-string"))
                    {
                        throw new SchemaNotSupportedException(
                            $"{keyword} at {DisplayPath(path)} is not supported by this emulator: express the constraint with type, enum, pattern, bounds or a supported x-kubernetes-validations rule.");
                    }

                    break;
                default:
                    if (!IgnoredKeywords.Contains(keyword))
                    {
                        throw new SchemaNotSupportedException(
                            $"schema keyword \"{keyword}\" at {DisplayPath(path)} is not supported by this emulator.");
                    }

                    break;
            }
        }

        if (node.Type.Length == 0 && !node.IntOrString && !node.PreserveUnknownFields)
        {
            throw new SchemaNotSupportedException(
                $"the schema is not structural: {DisplayPath(path)} has no type (every node needs one unless it sets x-kubernetes-preserve-unknown-fields or x-kubernetes-int-or-string).");
        }

        if (node.Properties.Count > 0 && node.AdditionalProperties is not null)
        {
            throw new SchemaNotSupportedException(
                $"the schema is not structural: {DisplayPath(path)} has both properties and additionalProperties.");
        }

        if (node.Type == "array" && node.Items is null)
        {
            throw new SchemaNotSupportedException(
                $"the schema is not structural: the array at {DisplayPath(path)} has no items schema.");
        }

        if (json["x-kubernetes-validations"] is { } rules)
        {
            node.Rules = ReadArray(rules, "x-kubernetes-validations", path)
                .Select(r => CelValidationRule.Parse(ReadObject(r, "x-kubernetes-validations", path), node, underList))
                .ToList();
        }

        node.ContainsRules = node.Rules.Count > 0
            || node.Properties.Any(p => p.Value.ContainsRules)
            || node.Items?.ContainsRules == true
            || node.AdditionalProperties?.ContainsRules == true;
        return node;
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>
    /// Compiles an OpenAPI pattern (Go RE2 syntax) with .NET's linear-time engine. Go's <c>$</c> matches only at the
    /// very end of the text, so unescaped <c>$</c> outside character classes becomes <c>\z</c>.
    /// </summary>
    private static Regex CompilePattern(string pattern, string path)
    {
        var sb = new StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
            }
            else if (c == '[')
            {
                // A class may start with ^ and then a literal ]; copy those so the ] does not end it.
                inClass = true;
                sb.Append(c);
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    sb.Append(pattern[++i]);
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    sb.Append(pattern[++i]);
                }

                continue;
            }
            else if (c == '$')
            {
                sb.Append(@"\z");
                continue;
            }

            sb.Append(c);
        }

        try
        {
            return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (ArgumentException e)
        {
            throw new SchemaNotSupportedException(
                $"pattern '{pattern}' at {DisplayPath(path)} cannot be evaluated by this emulator: {e.Message}", e);
        }
    }

    private static string ReadString(JsonNode? value, string keyword, string path) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw Malformed(keyword, path, "a string");

    private static bool ReadBool(JsonNode? value, string keyword, string path) =>
        value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValueKind() == JsonValueKind.True
            : throw Malformed(keyword, path, "a boolean");

    private static long ReadLong(JsonNode? value, string keyword, string path) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && JsonValues.TryGetInteger(v, out var l) && l >= 0
            ? l
            : throw Malformed(keyword, path, "a non-negative integer");

    private static double ReadDouble(JsonNode? value, string keyword, string path) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw Malformed(keyword, path, "a number");

    private static JsonObject ReadObject(JsonNode? value, string keyword, string path) =>
        value as JsonObject ?? throw Malformed(keyword, path, "an object");

    private static JsonArray ReadArray(JsonNode? value, string keyword, string path) =>
        value as JsonArray ?? throw Malformed(keyword, path, "an array");

    private static SchemaNotSupportedException Malformed(string keyword, string path, string expected) =>
        new($"schema keyword \"{keyword}\" at {DisplayPath(path)} must be {expected}.");
}
