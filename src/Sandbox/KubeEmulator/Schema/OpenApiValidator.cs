using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// The OpenAPI value validation of a structural schema, with kube-openapi's messages
/// (<c>spec.x in body should match '^a$'</c>) mapped to field errors the way apiextensions-apiserver maps them.
/// Per node the order is type, string, format, number, array, enum, object; properties go in document order.
/// On update, values equal to the old value at the same place are not validated (CRD validation ratcheting, on by
/// default since 1.30), so a tightened schema does not block unrelated changes. Lists are not correlated.
/// </summary>
internal static partial class OpenApiValidator
{
    public static void Validate(
        JsonNode? value, JsonNode? oldValue, bool hasOld, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (hasOld && JsonValues.DeepEquals(value, oldValue))
        {
            return;
        }

        var field = FieldPaths.Display(path);
        if (value is null)
        {
            if (!schema.Nullable && schema.Type.Length > 0)
            {
                errors.Add(TypeError(field, schema.Type, "null"));
            }

            return;
        }

        var actualType = JsonValues.TypeName(value);
        if (schema.IntOrString)
        {
            if (actualType is not ("integer" or "string"))
            {
                errors.Add(TypeError(field, "integer,string", actualType));
                return;
            }
        }
        else if (schema.Type.Length > 0 && !TypeMatches(schema.Type, actualType, value))
        {
            errors.Add(TypeError(field, schema.Type, actualType));
            return;
        }

        if (actualType == "string")
        {
            ValidateString(JsonValues.GetString(value), value, schema, field, errors);
        }
        else if (actualType is "integer" or "number")
        {
            ValidateNumber(value, schema, field, errors);
        }

        if (value is JsonArray array)
        {
            ValidateArray(array, schema, path, field, errors);
        }

        if (schema.Enum is { } allowed && !allowed.Any(a => JsonValues.DeepEquals(a, value)))
        {
            errors.Add(FieldError.NotSupported(field, value, allowed.Select(EnumValueText)));
        }

        if (value is JsonObject obj)
        {
            ValidateObject(obj, hasOld ? oldValue as JsonObject : null, schema, path, field, errors);
        }
    }

    private static bool TypeMatches(string schemaType, string actualType, JsonNode value) =>
        schemaType == actualType
        || (schemaType == "number" && actualType == "integer")
        || (schemaType == "integer" && actualType == "number" && JsonValues.IsWholeNumber(value));

    private static FieldError TypeError(string field, string expected, string actual) =>
        FieldError.TypeInvalid(field, GoValueFormatter.Quote(actual),
            $"{field} in body must be of type {expected}: {GoValueFormatter.Quote(actual)}");

    private static string EnumValueText(JsonNode? value) =>
        JsonValues.IsString(value) ? JsonValues.GetString(value!) : value?.ToJsonString() ?? "null";

    private static void ValidateString(string text, JsonNode value, StructuralSchema schema, string field, List<FieldError> errors)
    {
        var runes = JsonValues.RuneCount(text);
        if (schema.MaxLength is { } max && runes > max)
        {
            errors.Add(FieldError.TooLong(field, max));
        }

        if (schema.MinLength is { } min && runes < min)
        {
            errors.Add(FieldError.Invalid(field, value, $"{field} in body should be at least {min} chars long"));
        }

        if (schema.PatternRegex is { } regex && !regex.IsMatch(text))
        {
            errors.Add(FieldError.Invalid(field, value, $"{field} in body should match '{schema.Pattern}'"));
        }

        if (schema.Format is { } format && !FormatMatches(format, text))
        {
            errors.Add(FieldError.TypeInvalid(field, GoValueFormatter.Quote(text),
                $"{field} in body must be of type {format}: {GoValueFormatter.Quote(text)}"));
        }
    }

    /// <summary>Only the formats operator CRDs commonly use are checked; others pass, as unknown formats do.</summary>
    private static bool FormatMatches(string format, string text) => format switch
    {
        "date-time" or "datetime" => DateTimePattern().IsMatch(text),
        "date" => DatePattern().IsMatch(text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", out _),
        _ => true,
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    private static void ValidateNumber(JsonNode value, StructuralSchema schema, string field, List<FieldError> errors)
    {
        var number = JsonValues.GetDouble(value);
        if (schema.MultipleOf is { } multipleOf && multipleOf != 0 && Math.IEEERemainder(number, multipleOf) != 0)
        {
            errors.Add(FieldError.Invalid(field, value,
                $"{field} in body should be a multiple of {GoValueFormatter.FormatFloat(multipleOf)}"));
        }

        if (schema.Maximum is { } maximum && (schema.ExclusiveMaximum ? number >= maximum : number > maximum))
        {
            var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
            errors.Add(FieldError.Invalid(field, value,
                $"{field} in body should be {relation} {GoValueFormatter.FormatFloat(maximum)}"));
        }

        if (schema.Minimum is { } minimum && (schema.ExclusiveMinimum ? number <= minimum : number < minimum))
        {
            var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            errors.Add(FieldError.Invalid(field, value,
                $"{field} in body should be {relation} {GoValueFormatter.FormatFloat(minimum)}"));
        }
    }

    private static void ValidateArray(JsonArray array, StructuralSchema schema, string path, string field, List<FieldError> errors)
    {
        if (schema.MinItems is { } min && array.Count < min)
        {
            errors.Add(FieldError.Invalid(field, JsonValue.Create((long)array.Count),
                $"{field} in body should have at least {min} items"));
        }

        if (schema.MaxItems is { } max && array.Count > max)
        {
            errors.Add(FieldError.TooMany(field, array.Count, max));
        }

        if (schema.Items is { } itemSchema)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], null, false, itemSchema, FieldPaths.Index(path, i), errors);
            }
        }
    }

    private static void ValidateObject(
        JsonObject obj, JsonObject? oldObj, StructuralSchema schema, string path, string field, List<FieldError> errors)
    {
        if (schema.MaxProperties is { } max && obj.Count > max)
        {
            errors.Add(FieldError.TooMany(field, obj.Count, max));
        }

        if (schema.MinProperties is { } min && obj.Count < min)
        {
            errors.Add(FieldError.Invalid(field, JsonValue.Create((long)obj.Count),
                $"{field} in body should have at least {min} properties"));
        }

        foreach (var name in schema.Required)
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add(FieldError.Required(FieldPaths.Child(path, name)));
            }
        }

        foreach (var (key, child) in obj)
        {
            var childSchema = schema.Property(key) ?? schema.AdditionalProperties;
            if (childSchema is not null)
            {
                JsonNode? oldChild = null;
                var hasOldChild = oldObj is not null && oldObj.TryGetPropertyValue(key, out oldChild);
                Validate(child, oldChild, hasOldChild, childSchema, FieldPaths.Child(path, key), errors);
            }
        }
    }
}
