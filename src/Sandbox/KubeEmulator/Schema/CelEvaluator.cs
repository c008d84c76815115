using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// Evaluates a parsed rule with CEL semantics: JSON objects are maps, arrays lists, integers int, other numbers
/// double; <c>==</c> is deep structural equality; <c>&amp;&amp;</c> and <c>||</c> absorb an error when the other side
/// decides the result, as CEL's commutative logic does.
/// </summary>
internal static class CelEvaluator
{
    public static object Evaluate(CelNode node, object self, object? oldSelf)
    {
        switch (node.Kind)
        {
            case CelNodeKind.Self:
                return self;
            case CelNodeKind.OldSelf:
                return oldSelf ?? throw new CelEvaluationException("no such attribute: oldSelf");
            case CelNodeKind.Literal:
                return node.Literal!;
            case CelNodeKind.Member:
                return Select(Evaluate(node.Target!, self, oldSelf), node.Name!);
            case CelNodeKind.Has:
                return Evaluate(node.Target!, self, oldSelf) is JsonObject selected
                    ? selected.ContainsKey(node.Name!)
                    : throw NoSuchOverload();
            case CelNodeKind.Size:
                return Evaluate(node.Target!, self, oldSelf) switch
                {
                    string s => (long)JsonValues.RuneCount(s),
                    JsonArray list => (long)list.Count,
                    JsonObject map => (long)map.Count,
                    _ => throw NoSuchOverload(),
                };
            case CelNodeKind.Not:
                return Evaluate(node.Target!, self, oldSelf) is bool b ? !b : throw NoSuchOverload();
            case CelNodeKind.Negate:
                return Evaluate(node.Target!, self, oldSelf) switch
                {
                    long l => -l,
                    double d => -d,
                    _ => throw NoSuchOverload(),
                };
            case CelNodeKind.Equal:
                return ValuesEqual(Evaluate(node.Target!, self, oldSelf), Evaluate(node.Other!, self, oldSelf));
            case CelNodeKind.NotEqual:
                return !ValuesEqual(Evaluate(node.Target!, self, oldSelf), Evaluate(node.Other!, self, oldSelf));
            case CelNodeKind.Less:
                return Compare(node, self, oldSelf) < 0;
            case CelNodeKind.LessOrEqual:
                return Compare(node, self, oldSelf) <= 0;
            case CelNodeKind.Greater:
                return Compare(node, self, oldSelf) > 0;
            case CelNodeKind.GreaterOrEqual:
                return Compare(node, self, oldSelf) >= 0;
            case CelNodeKind.And:
                return Logical(node, self, oldSelf, decisive: false);
            case CelNodeKind.Or:
                return Logical(node, self, oldSelf, decisive: true);
            case CelNodeKind.OptionalHasValue:
                return AsOptional(Evaluate(node.Target!, self, oldSelf)).HasValue;
            case CelNodeKind.OptionalValue:
                var optional = AsOptional(Evaluate(node.Target!, self, oldSelf));
                return optional.HasValue ? optional.Value! : throw new CelEvaluationException("optional.none() dereference");
            case CelNodeKind.OptionalOrValue:
                var candidate = AsOptional(Evaluate(node.Target!, self, oldSelf));
                return candidate.HasValue ? candidate.Value! : Evaluate(node.Other!, self, oldSelf);
            default:
                throw new InvalidOperationException($"Unhandled CEL node {node.Kind}.");
        }
    }

    /// <summary>Converts a JSON value to its CEL value.</summary>
    public static object FromJson(JsonNode? node)
    {
        if (node is null)
        {
            return CelNull.Value;
        }

        if (node is JsonObject or JsonArray)
        {
            return node;
        }

        if (JsonValues.IsString(node))
        {
            return JsonValues.GetString(node);
        }

        if (JsonValues.IsBoolean(node))
        {
            return JsonValues.GetBoolean(node);
        }

        return JsonValues.TryGetInteger(node, out var l) ? l : JsonValues.GetDouble(node);
    }

    private static object Select(object target, string name)
    {
        if (target is not JsonObject map)
        {
            throw NoSuchOverload();
        }

        return map.TryGetPropertyValue(name, out var value)
            ? FromJson(value)
            : throw new CelEvaluationException($"no such key: {name}");
    }

    private static CelOptional AsOptional(object value) => value as CelOptional ?? throw NoSuchOverload();

    private static bool Logical(CelNode node, object self, object? oldSelf, bool decisive)
    {
        CelEvaluationException? firstError = null;
        foreach (var operand in new[] { node.Target!, node.Other! })
        {
            try
            {
                var result = Evaluate(operand, self, oldSelf);
                if (result is not bool b)
                {
                    throw NoSuchOverload();
                }

                if (b == decisive)
                {
                    return decisive;
                }
            }
            catch (CelEvaluationException e)
            {
                firstError ??= e;
            }
        }

        return firstError is null ? !decisive : throw firstError;
    }

    private static int Compare(CelNode node, object self, object? oldSelf)
    {
        var left = Evaluate(node.Target!, self, oldSelf);
        var right = Evaluate(node.Other!, self, oldSelf);
        return (left, right) switch
        {
            (long a, long b) => a.CompareTo(b),
            (long a, double b) => ((double)a).CompareTo(b),
            (double a, long b) => a.CompareTo(b),
            (double a, double b) => a.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) => a.CompareTo(b),
            _ => throw NoSuchOverload(),
        };
    }

    private static bool ValuesEqual(object left, object right) => (left, right) switch
    {
        (long a, long b) => a == b,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (double a, double b) => a == b,
        (string a, string b) => a == b,
        (bool a, bool b) => a == b,
        (CelNull, CelNull) => true,
        (JsonNode a, JsonNode b) => JsonValues.DeepEquals(a, b),
        (CelOptional a, CelOptional b) => a.HasValue == b.HasValue && (!a.HasValue || ValuesEqual(a.Value!, b.Value!)),
        _ => false,
    };

    private static CelEvaluationException NoSuchOverload() => new("no such overload", noSuchOverload: true);
}
