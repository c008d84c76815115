using System.Globalization;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// Recursive-descent parser for the CEL subset: <c>self</c>, <c>oldSelf</c>, field selection, <c>has()</c>,
/// <c>size()</c>, literals, comparisons, <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, parentheses, and the optional
/// methods <c>hasValue()</c>, <c>value()</c>, <c>orValue()</c> on an optional <c>oldSelf</c>. Field selections are
/// checked against the schema, as the API server's type checker does.
/// </summary>
internal sealed class CelParser
{
    private readonly IReadOnlyList<CelToken> _tokens;
    private readonly StructuralSchema _schema;
    private readonly bool _optionalOldSelf;
    private int _position;

    private CelParser(IReadOnlyList<CelToken> tokens, StructuralSchema schema, bool optionalOldSelf)
    {
        _tokens = tokens;
        _schema = schema;
        _optionalOldSelf = optionalOldSelf;
    }

    /// <summary>Parses a rule; throws <see cref="CelSyntaxException"/> for anything outside the subset.</summary>
    public static CelNode Parse(string rule, StructuralSchema schema, bool optionalOldSelf)
    {
        var parser = new CelParser(CelLexer.Tokenize(rule), schema, optionalOldSelf);
        var node = parser.ParseOr();
        if (parser.Current.Kind != CelTokenKind.End)
        {
            throw new CelSyntaxException($"unexpected '{parser.Current.Text}' at position {parser.Current.Position}");
        }

        return node;
    }

    public static bool MentionsOldSelf(CelNode node) =>
        node.Kind == CelNodeKind.OldSelf
        || (node.Target is { } t && MentionsOldSelf(t))
        || (node.Other is { } o && MentionsOldSelf(o));

    private CelToken Current => _tokens[_position];

    private CelToken Advance() => _tokens[_position++];

    private void Expect(CelTokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw new CelSyntaxException($"expected {what} at position {Current.Position}");
        }

        _position++;
    }

    private CelNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == CelTokenKind.Or)
        {
            Advance();
            left = new CelNode(CelNodeKind.Or, left, ParseAnd());
        }

        return left;
    }

    private CelNode ParseAnd()
    {
        var left = ParseRelation();
        while (Current.Kind == CelTokenKind.And)
        {
            Advance();
            left = new CelNode(CelNodeKind.And, left, ParseRelation());
        }

        return left;
    }

    private CelNode ParseRelation()
    {
        var left = ParseUnary();
        while (true)
        {
            var kind = Current.Kind switch
            {
                CelTokenKind.Equal => CelNodeKind.Equal,
                CelTokenKind.NotEqual => CelNodeKind.NotEqual,
                CelTokenKind.Less => CelNodeKind.Less,
                CelTokenKind.LessOrEqual => CelNodeKind.LessOrEqual,
                CelTokenKind.Greater => CelNodeKind.Greater,
                CelTokenKind.GreaterOrEqual => CelNodeKind.GreaterOrEqual,
                _ => (CelNodeKind?)null,
            };
            if (kind is null)
            {
                return left;
            }

            Advance();
            left = new CelNode(kind.Value, left, ParseUnary());
        }
    }

    private CelNode ParseUnary()
    {
        if (Current.Kind == CelTokenKind.Not)
        {
            Advance();
            return new CelNode(CelNodeKind.Not, ParseUnary());
        }

        if (Current.Kind == CelTokenKind.Minus)
        {
            Advance();
            var operand = ParseUnary();
            return operand is { Kind: CelNodeKind.Literal, Literal: long l }
                ? new CelNode(CelNodeKind.Literal, Literal: -l)
                : operand is { Kind: CelNodeKind.Literal, Literal: double d }
                    ? new CelNode(CelNodeKind.Literal, Literal: -d)
                    : new CelNode(CelNodeKind.Negate, operand);
        }

        return ParsePostfix();
    }

    private CelNode ParsePostfix()
    {
        var node = ParsePrimary();
        while (Current.Kind == CelTokenKind.Dot)
        {
            Advance();
            if (Current.Kind != CelTokenKind.Identifier)
            {
                throw new CelSyntaxException($"expected a field name at position {Current.Position}");
            }

            var name = Advance().Text;
            if (Current.Kind != CelTokenKind.LeftParen)
            {
                ResolveSchema(node, out var targetSchema);
                CheckField(targetSchema, name);
                node = new CelNode(CelNodeKind.Member, node, Name: name);
                continue;
            }

            Advance();
            node = ParseMethod(node, name);
        }

        return node;
    }

    private CelNode ParseMethod(CelNode target, string name)
    {
        var isOptionalOldSelf = _optionalOldSelf && target.Kind == CelNodeKind.OldSelf;
        switch (name)
        {
            case "size":
                Expect(CelTokenKind.RightParen, "')'");
                return new CelNode(CelNodeKind.Size, target);
            case "hasValue" when isOptionalOldSelf:
                Expect(CelTokenKind.RightParen, "')'");
                return new CelNode(CelNodeKind.OptionalHasValue, target);
            case "value" when isOptionalOldSelf:
                Expect(CelTokenKind.RightParen, "')'");
                return new CelNode(CelNodeKind.OptionalValue, target);
            case "orValue" when isOptionalOldSelf:
                var fallback = ParseOr();
                Expect(CelTokenKind.RightParen, "')'");
                return new CelNode(CelNodeKind.OptionalOrValue, target, fallback);
            default:
                throw new CelSyntaxException($"the method {name}() is not supported");
        }
    }

    private CelNode ParsePrimary()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case CelTokenKind.Integer:
                return long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var l)
                    ? new CelNode(CelNodeKind.Literal, Literal: l)
                    : throw new CelSyntaxException($"integer {token.Text} is out of range");
            case CelTokenKind.Double:
                return new CelNode(CelNodeKind.Literal, Literal: double.Parse(token.Text, CultureInfo.InvariantCulture));
            case CelTokenKind.String:
                return new CelNode(CelNodeKind.Literal, Literal: token.Text);
            case CelTokenKind.LeftParen:
                var inner = ParseOr();
                Expect(CelTokenKind.RightParen, "')'");
                return inner;
            case CelTokenKind.Identifier:
                return ParseIdentifier(token);
            default:
                throw new CelSyntaxException($"unexpected '{token.Text}' at position {token.Position}");
        }
    }

    private CelNode ParseIdentifier(CelToken token)
    {
        switch (token.Text)
        {
            case "self":
                return new CelNode(CelNodeKind.Self);
            case "oldSelf":
                return new CelNode(CelNodeKind.OldSelf);
            case "true":
                return new CelNode(CelNodeKind.Literal, Literal: true);
            case "false":
                return new CelNode(CelNodeKind.Literal, Literal: false);
            case "null":
                return new CelNode(CelNodeKind.Literal, Literal: CelNull.Value);
            case "has":
                Expect(CelTokenKind.LeftParen, "'(' after has");
                var selection = ParsePostfix();
                if (selection.Kind != CelNodeKind.Member)
                {
                    throw new CelSyntaxException("has() takes a field selection such as has(self.field)");
                }

                Expect(CelTokenKind.RightParen, "')'");
                return new CelNode(CelNodeKind.Has, selection.Target, Name: selection.Name);
            case "size":
                Expect(CelTokenKind.LeftParen, "'(' after size");
                var argument = ParseOr();
                Expect(CelTokenKind.RightParen, "')'");
                return new CelNode(CelNodeKind.Size, argument);
            default:
                throw new CelSyntaxException($"the identifier or function '{token.Text}' is not supported");
        }
    }

    /// <summary>The schema a selection chain reaches, or false when it is dynamic (preserved or not a field chain).</summary>
    private bool ResolveSchema(CelNode node, out StructuralSchema? schema)
    {
        schema = null;
        switch (node.Kind)
        {
            case CelNodeKind.Self:
                schema = _schema;
                return true;
            case CelNodeKind.OldSelf:
                if (_optionalOldSelf)
                {
                    throw new CelSyntaxException("with optionalOldSelf, oldSelf is optional: use oldSelf.value() or oldSelf.orValue(...) before selecting a field");
                }

                schema = _schema;
                return true;
            case CelNodeKind.OptionalValue or CelNodeKind.OptionalOrValue:
                schema = _schema;
                return true;
            case CelNodeKind.Member when ResolveSchema(node.Target!, out var parent) && parent is not null:
                schema = parent.Property(node.Name!) ?? parent.AdditionalProperties;
                return schema is not null;
            default:
                return false;
        }
    }

    private static void CheckField(StructuralSchema? schema, string name)
    {
        if (schema is null || schema.PreserveUnknownFields || schema.AdditionalProperties is not null)
        {
            return;
        }

        if (schema.Path.Length == 0 && FieldPaths.IsObjectMachineryField(name) && schema.Property(name) is null)
        {
            // Rules at the root see apiVersion, kind and metadata even when the schema does not declare them.
            return;
        }

        if (schema.Type != "object")
        {
            throw new CelSyntaxException($"cannot select field '{name}' from a value of type {(schema.Type.Length == 0 ? "int-or-string" : schema.Type)}");
        }

        if (schema.Property(name) is null)
        {
            throw new CelSyntaxException($"undefined field '{name}'");
        }
    }
}
