using System.Text.Json;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>One <c>x-kubernetes-validations</c> entry, compiled.</summary>
internal sealed class CelValidationRule
{
    /// <summary>Stated in every refusal, so a CRD author knows what to rewrite the rule into.</summary>
    public const string SupportedRules =
        "supported rules are comparisons (==, !=, <, <=, >, >=) of self, oldSelf, field selections (self.a.b), " +
        "has(self.a), size(...), and int, double, string, bool or null literals, combined with !, && and ||; " +
        "with optionalOldSelf also oldSelf.hasValue(), oldSelf.value() and oldSelf.orValue(...)";

    private CelValidationRule(string rule, CelNode expression)
    {
        Rule = rule;
        Expression = expression;
    }

    public string Rule { get; }

    public CelNode Expression { get; }

    public string? Message { get; private init; }

    public FieldErrorType Reason { get; private init; } = FieldErrorType.Invalid;

    /// <summary>The relocation from <c>fieldPath</c>, normalized to <c>a.b</c>; empty when none.</summary>
    public string FieldPath { get; private init; } = "";

    public bool OptionalOldSelf { get; private init; }

    /// <summary>A rule that mentions oldSelf runs only on update (unless optionalOldSelf).</summary>
    public bool IsTransitionRule { get; private init; }

    public static CelValidationRule Parse(JsonObject json, StructuralSchema schema, bool underList)
    {
        var path = StructuralSchema.DisplayPath(schema.Path);
        var rule = json["rule"] is JsonValue r && r.GetValueKind() == JsonValueKind.String
            ? r.GetValue<string>()
            : throw new SchemaNotSupportedException($"an x-kubernetes-validations entry at {path} has no rule.");
        if (json.ContainsKey("messageExpression"))
        {
            throw new SchemaNotSupportedException(
                $"x-kubernetes-validations rule \"{rule}\" at {path} uses messageExpression, which this emulator does not evaluate: use message.");
        }

        var optionalOldSelf = json["optionalOldSelf"] is JsonValue o && o.GetValueKind() == JsonValueKind.True;
        CelNode expression;
        try
        {
            expression = CelParser.Parse(rule, schema, optionalOldSelf);
        }
        catch (CelSyntaxException e)
        {
            throw new SchemaNotSupportedException(
                $"x-kubernetes-validations rule \"{rule}\" at {path} is not supported by this emulator ({e.Message}): {SupportedRules}.");
        }

        var isTransition = CelParser.MentionsOldSelf(expression);
        if (isTransition && underList)
        {
            throw new SchemaNotSupportedException(
                $"x-kubernetes-validations rule \"{rule}\" at {path} uses oldSelf inside a list, which cannot be correlated with the old object.");
        }

        if (optionalOldSelf && !isTransition)
        {
            throw new SchemaNotSupportedException(
                $"x-kubernetes-validations rule \"{rule}\" at {path} sets optionalOldSelf but does not use oldSelf.");
        }

        return new CelValidationRule(rule, expression)
        {
            Message = json["message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null,
            Reason = ParseReason(json["reason"], rule, path),
            FieldPath = ParseFieldPath(json["fieldPath"], schema, rule, path),
            OptionalOldSelf = optionalOldSelf,
            IsTransitionRule = isTransition,
        };
    }

    private static FieldErrorType ParseReason(JsonNode? reason, string rule, string path)
    {
        if (reason is null)
        {
            return FieldErrorType.Invalid;
        }

        var text = reason is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
        return text switch
        {
            "FieldValueInvalid" => FieldErrorType.Invalid,
            "FieldValueForbidden" => FieldErrorType.Forbidden,
            "FieldValueRequired" => FieldErrorType.Required,
            "FieldValueDuplicate" => FieldErrorType.Duplicate,
            _ => throw new SchemaNotSupportedException(
                $"x-kubernetes-validations rule \"{rule}\" at {path} has reason \"{text}\": supported reasons are FieldValueInvalid, FieldValueForbidden, FieldValueRequired, FieldValueDuplicate."),
        };
    }

    /// <summary>Accepts <c>.a.b</c> and <c>['a'].b</c> and checks each step exists in the schema.</summary>
    private static string ParseFieldPath(JsonNode? fieldPath, StructuralSchema schema, string rule, string path)
    {
        if (fieldPath is null)
        {
            return "";
        }

        var text = fieldPath is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
        var steps = new List<string>();
        var i = 0;
        var current = schema;
        while (i < text.Length)
        {
            string step;
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }

                step = text[(i + 1)..end];
                i = end;
            }
            else if (text.AsSpan(i).StartsWith("['"))
            {
                var end = text.IndexOf("']", i + 2, StringComparison.Ordinal);
                step = end < 0 ? "" : text[(i + 2)..end];
                i = end < 0 ? text.Length : end + 2;
            }
            else
            {
                step = "";
                i = text.Length;
            }

            var next = step.Length == 0 ? null : current.Property(step);
            if (next is null)
            {
                throw new SchemaNotSupportedException(
                    $"x-kubernetes-validations rule \"{rule}\" at {path} has fieldPath \"{text}\", which does not name a property of the schema (use a form like .field.subfield).");
            }

            steps.Add(step);
            current = next;
        }

        return string.Join('.', steps);
    }
}
