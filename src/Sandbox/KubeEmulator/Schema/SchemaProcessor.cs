using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// What the API server does with a custom resource against its CRD's structural schema, in its order:
/// <see cref="Prune"/>, <see cref="ApplyDefaults"/>, then <see cref="Validate"/> (OpenAPI checks, then CEL rules).
/// </summary>
public static class SchemaProcessor
{
    /// <summary>The message of the extra error added when blocking errors keep CEL rules from running.</summary>
    public const string RulesNotCheckedMessage =
        "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

    /// <summary>
    /// Removes, in place, fields the schema does not specify (except under x-kubernetes-preserve-unknown-fields, and
    /// never apiVersion, kind or anything in metadata), returning their paths in document order.
    /// </summary>
    public static IReadOnlyList<string> Prune(JsonObject obj, StructuralSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var removed = new List<string>();
        SchemaPruner.Prune(obj, schema, "", isObjectRoot: true, removed);
        return removed;
    }

    /// <summary>Fills absent properties that have a default, recursively, only inside objects that exist.</summary>
    public static void ApplyDefaults(JsonObject obj, StructuralSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        SchemaDefaulter.Apply(obj, schema, isObjectRoot: true);
    }

    /// <summary>
    /// Validates the (pruned and defaulted) object; <paramref name="oldObj"/> is the stored object on update, null on
    /// create. Schema errors come first; CEL rules run only when none of them is blocking (type, required, enum,
    /// maxLength, maxItems, maxProperties), otherwise one <c>&lt;nil&gt;</c> error says the rules were not checked.
    /// On update, values unchanged from <paramref name="oldObj"/> are not re-validated (ratcheting), except by
    /// transition rules.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? oldObj, StructuralSchema schema)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<FieldError>();
        OpenApiValidator.Validate(obj, oldObj, oldObj is not null, schema, "", errors);
        if (!schema.ContainsRules)
        {
            return errors;
        }

        if (errors.Any(IsBlocking))
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, FieldError.RootField, RulesNotCheckedMessage)
            {
                Value = GoValueFormatter.Quote("null"),
            });
            return errors;
        }

        CelRuleValidator.Validate(obj, oldObj, oldObj is not null, schema, "", errors);
        return errors;
    }

    private static bool IsBlocking(FieldError error) => error.Type is FieldErrorType.NotSupported
        or FieldErrorType.Required or FieldErrorType.TooLong or FieldErrorType.TooMany or FieldErrorType.TypeInvalid;
}
