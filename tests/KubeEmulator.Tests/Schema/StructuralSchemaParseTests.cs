using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests.Schema;

public sealed class StructuralSchemaParseTests
{
    private static Action ParsingSpecRule(string rule, string extra = "") => () => Json.SpecSchema(
        """{"x":{"type":"string"},"n":{"type":"integer"}}""",
        $$""","x-kubernetes-validations":[{"rule":"{{rule}}"{{extra}}}]""");

    [Theory]
    [InlineData("self.x.matches('^a')")]
    [InlineData("self.n + 1 > 2")]
    [InlineData("self.all(k, k != 'x')")]
    [InlineData("self.n > 1 ? true : false")]
    [InlineData("'a' in self.x")]
    [InlineData("int(self.x) > 1")]
    [InlineData("self.missing == 1")]
    [InlineData("self.x.y == 1")]
    public void Rules_outside_the_subset_are_refused_with_the_rule_path_and_the_supported_forms(string rule)
    {
        ParsingSpecRule(rule).Should().Throw<SchemaNotSupportedException>()
            .Which.Message.Should().StartWith($"x-kubernetes-validations rule \"{rule}\" at spec is not supported by this emulator")
            .And.Contain("supported rules are comparisons (==, !=, <, <=, >, >=)");
    }

    [Fact]
    public void Message_expressions_are_refused()
    {
        ParsingSpecRule("self.n > 1", ""","messageExpression":"'n is ' + string(self.n)" """).Should()
            .Throw<SchemaNotSupportedException>().WithMessage("*uses messageExpression*");
    }

    [Fact]
    public void Transition_rules_inside_lists_are_refused()
    {
        var parse = () => Json.SpecSchema(
            """{"list":{"type":"array","items":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf"}]}}}""");

        parse.Should().Throw<SchemaNotSupportedException>().WithMessage("*at spec.list[*] uses oldSelf inside a list*");
    }

    [Fact]
    public void Unknown_reasons_and_field_paths_are_refused()
    {
        ParsingSpecRule("self.n > 1", ""","reason":"Nope" """).Should().Throw<SchemaNotSupportedException>()
            .WithMessage("*supported reasons are*");
        ParsingSpecRule("self.n > 1", ""","fieldPath":".nope" """).Should().Throw<SchemaNotSupportedException>()
            .WithMessage("*fieldPath \".nope\"*");
    }

    [Fact]
    public void A_node_without_type_is_not_structural()
    {
        var parse = () => Json.SpecSchema("""{"loose":{"description":"no type"}}""");

        parse.Should().Throw<SchemaNotSupportedException>()
            .WithMessage("the schema is not structural: spec.loose has no type*");
    }

    [Fact]
    public void Untyped_nodes_are_allowed_with_preserve_unknown_fields_or_int_or_string()
    {
        var parse = () => Json.SpecSchema(
            """{"any":{"x-kubernetes-preserve-unknown-fields":true},"port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]}}""");

        parse.Should().NotThrow();
    }

    [Theory]
    [InlineData("""{"v":{"type":"string","anyOf":[{"pattern":"a"}]}}""", "anyOf at spec.v is not supported*")]
    [InlineData("""{"v":{"type":"strin"}}""", "type \"strin\" at spec.v is not a structural schema type*")]
    [InlineData("""{"v":{"type":"string","pattern":"(?P<n>a)"}}""", "pattern '(?P<n>a)' at spec.v cannot be evaluated*")]
    [InlineData("""{"v":{"type":"array"}}""", "*the array at spec.v has no items schema*")]
    [InlineData("""{"v":{"type":"object","additionalProperties":false}}""", "additionalProperties: false at spec.v is not structural*")]
    [InlineData("""{"v":{"type":"string","uniqueItems":true}}""", "schema keyword \"uniqueItems\" at spec.v is not supported*")]
    public void Schemas_the_emulator_cannot_evaluate_are_refused(string properties, string message)
    {
        var parse = () => Json.SpecSchema(properties);

        parse.Should().Throw<SchemaNotSupportedException>().WithMessage(message);
    }

    [Fact]
    public void The_root_must_be_an_object()
    {
        var parse = () => Json.Schema("""{"type":"string"}""");

        parse.Should().Throw<SchemaNotSupportedException>().WithMessage("The schema root must have type: object.");
    }
}
