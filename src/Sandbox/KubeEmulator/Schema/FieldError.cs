using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// One validation failure, shaped like apimachinery's <c>field.Error</c>: <see cref="Field"/> is the path
/// (<c>spec.size</c>, <c>&lt;nil&gt;</c> for the object itself), <see cref="Detail"/> the text after the value, and
/// <see cref="Value"/> the bad value already printed the way the API server prints it (<c>"abc"</c>, <c>0</c>, <c>true</c>),
/// or null when the error type prints no value.
/// </summary>
public sealed record FieldError(FieldErrorType Type, string Field, string Detail)
{
    /// <summary>The printed bad value, or null when none is shown.</summary>
    public string? Value { get; init; }

    /// <summary>The cause reason the API server puts in <c>details.causes[].reason</c>.</summary>
    public string Reason => Type switch
    {
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        _ => throw new InvalidOperationException($"Unknown field error type {Type}."),
    };

    /// <summary>The error body without the field path, as in <c>details.causes[].message</c>.</summary>
    public string CauseMessage
    {
        get
        {
            var body = Type switch
            {
                FieldErrorType.Required => "Required value",
                FieldErrorType.Forbidden => "Forbidden",
                FieldErrorType.TooLong => "Too long",
                FieldErrorType.NotSupported => "Unsupported value",
                FieldErrorType.TooMany => "Too many",
                FieldErrorType.Duplicate => "Duplicate value",
                _ => "Invalid value",
            };
            if (Value is not null)
            {
                body += ": " + Value;
            }

            return Detail.Length == 0 ? body : body + ": " + Detail;
        }
    }

    /// <summary>The field path used for the object root, as apimachinery prints a nil path.</summary>
    public const string RootField = "<nil>";

    public override string ToString() => $"{Field}: {CauseMessage}";

    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new(FieldErrorType.Invalid, field, detail) { Value = GoValueFormatter.Format(value) };

    public static FieldError TypeInvalid(string field, string printedValue, string detail) =>
        new(FieldErrorType.TypeInvalid, field, detail) { Value = printedValue };

    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, detail);

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, detail);

    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supportedValues)
    {
        var quoted = supportedValues.Select(GoValueFormatter.Quote).ToList();
        var detail = quoted.Count == 0 ? "" : "supported values: " + string.Join(", ", quoted);
        return new FieldError(FieldErrorType.NotSupported, field, detail) { Value = GoValueFormatter.Format(value) };
    }

    /// <summary>apimachinery's <c>field.TooLong</c> (1.32+): the value is omitted and the limit is named in bytes.</summary>
    public static FieldError TooLong(string field, long maxLength) =>
        new(FieldErrorType.TooLong, field, $"may not be more than {maxLength} {(maxLength == 1 ? "byte" : "bytes")}");

    public static FieldError TooMany(string field, long actual, long max) =>
        new(FieldErrorType.TooMany, field, $"must have at most {max} {(max == 1 ? "item" : "items")}")
        {
            Value = actual.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    public static FieldError Duplicate(string field, string printedValue) =>
        new(FieldErrorType.Duplicate, field, "") { Value = printedValue };
}
