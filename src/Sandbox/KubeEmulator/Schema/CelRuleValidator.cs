using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// Runs <c>x-kubernetes-validations</c> rules depth first (a node's rules, then its children in document order).
/// A rule runs only where its value is present; a transition rule only when the old object has a value at the same
/// place, or always with <c>optionalOldSelf</c>; other rules are skipped for values unchanged on update (ratcheting).
/// Errors print the schema type as the value, as 1.32 servers do.
/// </summary>
internal static class CelRuleValidator
{
    public static void Validate(
        JsonNode? value, JsonNode? oldValue, bool hasOld, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            return;
        }

        var unchanged = hasOld && JsonValues.DeepEquals(value, oldValue);
        foreach (var rule in schema.Rules)
        {
            if (rule.IsTransitionRule ? !hasOld && !rule.OptionalOldSelf : unchanged)
            {
                continue;
            }

            EvaluateRule(rule, value, oldValue, hasOld, schema, path, errors);
        }

        switch (value)
        {
            case JsonObject obj:
                var oldObj = hasOld ? oldValue as JsonObject : null;
                foreach (var (key, child) in obj)
                {
                    JsonNode? oldChild = null;
                    var hasOldChild = oldObj is not null && oldObj.TryGetPropertyValue(key, out oldChild);
                    if (schema.Property(key) is { } propertySchema)
                    {
                        Validate(child, oldChild, hasOldChild, propertySchema, FieldPaths.Child(path, key), errors);
                    }
                    else if (schema.AdditionalProperties is { } valueSchema)
                    {
                        Validate(child, oldChild, hasOldChild, valueSchema, FieldPaths.Key(path, key), errors);
                    }
                }

                break;
            case JsonArray array when schema.Items is not null:
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], null, false, schema.Items, FieldPaths.Index(path, i), errors);
                }

                break;
        }
    }

    private static void EvaluateRule(
        CelValidationRule rule, JsonNode value, JsonNode? oldValue, bool hasOld, StructuralSchema schema, string path,
        List<FieldError> errors)
    {
        var printedType = GoValueFormatter.Quote(schema.Type);
        var ruleText = string.IsNullOrWhiteSpace(rule.Message) ? rule.Rule.Trim() : rule.Message.Trim();
        object? oldSelf = null;
        if (rule.IsTransitionRule)
        {
            oldSelf = rule.OptionalOldSelf
                ? new CelOptional(hasOld, hasOld ? CelEvaluator.FromJson(oldValue) : null)
                : CelEvaluator.FromJson(oldValue);
        }

        object result;
        try
        {
            result = CelEvaluator.Evaluate(rule.Expression, CelEvaluator.FromJson(value), oldSelf);
        }
        catch (CelEvaluationException e)
        {
            var detail = e.NoSuchOverload
                ? $"'{e.Message}': call arguments did not match a supported operator, function or macro signature for rule: {ruleText}"
                : $"{e.Message} evaluating rule: {ruleText}";
            errors.Add(new FieldError(FieldErrorType.Invalid, FieldPaths.Display(path), detail) { Value = printedType });
            return;
        }

        if (result is true)
        {
            return;
        }

        if (result is not false)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, FieldPaths.Display(path),
                $"rule did not evaluate to a bool: {ruleText}") { Value = printedType });
            return;
        }

        var field = FieldPaths.Display(rule.FieldPath.Length == 0 ? path : FieldPaths.Child(path, rule.FieldPath));
        var message = string.IsNullOrWhiteSpace(rule.Message) ? $"failed rule: {rule.Rule.Trim()}" : rule.Message.Trim();
        errors.Add(rule.Reason switch
        {
            FieldErrorType.Forbidden => FieldError.Forbidden(field, message),
            FieldErrorType.Required => FieldError.Required(field, message),
            FieldErrorType.Duplicate => FieldError.Duplicate(field, printedType),
            _ => new FieldError(FieldErrorType.Invalid, field, message) { Value = printedType },
        });
    }
}
