using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests.Schema;

public sealed class CelRuleTests
{
    private static StructuralSchema SchemaWithSpecRules(string rules, string properties = """{"color":{"type":"string"},"size":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}}""") =>
        Json.SpecSchema(properties, $$""","x-kubernetes-validations":{{rules}}""");

    private static IReadOnlyList<FieldError> Validate(StructuralSchema schema, string spec, string? oldSpec = null) =>
        SchemaProcessor.Validate(
            Json.Object($$"""{"spec":{{spec}}}"""),
            oldSpec is null ? null : Json.Object($$"""{"spec":{{oldSpec}}}"""),
            schema);

    [Fact]
    public void A_failed_rule_prints_the_schema_type_and_its_message_at_the_rule_path()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"self.size <= 10","message":"size must be at most 10"}]""");

        var error = Validate(schema, """{"size":11}""").Should().ContainSingle().Subject;

        error.Type.Should().Be(FieldErrorType.Invalid);
        error.Field.Should().Be("spec");
        error.CauseMessage.Should().Be("Invalid value: \"object\": size must be at most 10");
    }

    [Fact]
    public void A_rule_without_message_reports_failed_rule_with_the_rule_text()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"size(self.tags) < 3"}]""");

        Validate(schema, """{"tags":["a","b","c"]}""").Should().ContainSingle().Which.ToString().Should()
            .Be("spec: Invalid value: \"object\": failed rule: size(self.tags) < 3");
        Validate(schema, """{"tags":["a","b"]}""").Should().BeEmpty();
    }

    [Fact]
    public void A_rule_on_a_string_field_prints_string_as_in_the_reference_example()
    {
        var schema = Json.SpecSchema("""{"color":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"color is immutable"}]}}""");

        var error = Validate(schema, """{"color":"blue"}""", """{"color":"red"}""").Should().ContainSingle().Subject;

        error.ToString().Should().Be("spec.color: Invalid value: \"string\": color is immutable");
        error.Reason.Should().Be("FieldValueInvalid");
    }

    [Fact]
    public void Transition_rules_run_on_update_only()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"self == oldSelf","message":"spec is immutable"}]""");

        Validate(schema, """{"color":"blue"}""").Should().BeEmpty();
        Validate(schema, """{"color":"blue"}""", """{"color":"blue"}""").Should().BeEmpty();
        Validate(schema, """{"color":"blue"}""", """{"color":"red"}""").Should().ContainSingle()
            .Which.ToString().Should().Be("spec: Invalid value: \"object\": spec is immutable");
    }

    [Fact]
    public void Equality_is_deep_over_objects_and_arrays_and_ignores_key_order()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"self == oldSelf"}]""",
            """{"ref":{"type":"object","properties":{"name":{"type":"string"},"ns":{"type":"string"}}},"tags":{"type":"array","items":{"type":"string"}}}""");

        Validate(schema, """{"ref":{"name":"a","ns":"b"},"tags":["x","y"]}""", """{"tags":["x","y"],"ref":{"ns":"b","name":"a"}}""")
            .Should().BeEmpty();
        Validate(schema, """{"ref":{"name":"a","ns":"b"},"tags":["y","x"]}""", """{"ref":{"name":"a","ns":"b"},"tags":["x","y"]}""")
            .Should().ContainSingle().Which.CauseMessage.Should().Be("Invalid value: \"object\": failed rule: self == oldSelf");
        Validate(schema, """{"ref":{"name":"a"}}""", """{"ref":{"name":"a","ns":"b"}}""").Should().ContainSingle();
    }

    [Fact]
    public void A_rule_on_an_optional_field_does_not_run_when_the_field_or_its_old_value_is_absent()
    {
        var schema = Json.SpecSchema("""{"color":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf"}]}}""");

        Validate(schema, """{"color":"blue"}""", "{}").Should().BeEmpty();
        Validate(schema, "{}", """{"color":"red"}""").Should().BeEmpty();
    }

    [Fact]
    public void Has_on_the_parent_guards_adding_and_removing_a_field()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"has(self.color) == has(oldSelf.color)","message":"color cannot be added or removed"}]""");

        Validate(schema, "{}", """{"color":"red"}""").Should().ContainSingle()
            .Which.CauseMessage.Should().Be("Invalid value: \"object\": color cannot be added or removed");
        Validate(schema, """{"color":"red"}""", """{"color":"blue"}""").Should().BeEmpty();
    }

    [Fact]
    public void Field_comparisons_logic_and_literals_evaluate_as_cel_does()
    {
        var schema = SchemaWithSpecRules("""
            [{"rule":"!has(self.color) || self.color != 'green'","message":"no green"},
             {"rule":"self.size >= 1 && self.size < 100","message":"size out of range"},
             {"rule":"size(self) <= 3","message":"too many fields"},
             {"rule":"self.size.size() == 1 || true"}]
            """);

        Validate(schema, """{"size":5}""").Should().BeEmpty();
        Json.Messages(Validate(schema, """{"color":"green","size":100,"tags":[]}""")).Should().Equal(
            "spec: Invalid value: \"object\": no green",
            "spec: Invalid value: \"object\": size out of range");
        Json.Messages(Validate(schema, """{"color":"red","size":1,"tags":[],"extra":0}""")).Should().Equal(
            "spec: Invalid value: \"object\": too many fields");
    }

    [Fact]
    public void A_missing_field_is_an_evaluation_error_naming_the_key()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"self.size <= 10"}]""");

        Validate(schema, "{}").Should().ContainSingle().Which.ToString().Should()
            .Be("spec: Invalid value: \"object\": no such key: size evaluating rule: self.size <= 10");
    }

    [Fact]
    public void Logical_operators_absorb_an_error_when_the_other_side_decides()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"self.size <= 10 || !has(self.size)"}]""");

        Validate(schema, "{}").Should().BeEmpty();
    }

    [Fact]
    public void Reason_and_field_path_select_the_cause_type_and_relocate_the_error()
    {
        var schema = SchemaWithSpecRules("""
            [{"rule":"has(self.color)","message":"color is required","reason":"FieldValueRequired","fieldPath":".color"},
             {"rule":"!has(self.size)","message":"size is forbidden","reason":"FieldValueForbidden","fieldPath":"['size']"},
             {"rule":"false","reason":"FieldValueDuplicate"}]
            """);

        var errors = Validate(schema, """{"size":1}""");

        Json.Messages(errors).Should().Equal(
            "spec.color: Required value: color is required",
            "spec.size: Forbidden: size is forbidden",
            "spec: Duplicate value: \"object\"");
        errors.Select(e => e.Reason).Should().Equal("FieldValueRequired", "FieldValueForbidden", "FieldValueDuplicate");
    }

    [Fact]
    public void Optional_old_self_runs_on_create_with_no_old_value()
    {
        var schema = SchemaWithSpecRules("""
            [{"rule":"!oldSelf.hasValue() || self.color == oldSelf.value().color","optionalOldSelf":true,"message":"color is immutable"},
             {"rule":"oldSelf.orValue(self).size <= self.size","optionalOldSelf":true,"message":"size may only grow"}]
            """);

        Validate(schema, """{"color":"red","size":1}""").Should().BeEmpty();
        Json.Messages(Validate(schema, """{"color":"blue","size":1}""", """{"color":"red","size":2}""")).Should().Equal(
            "spec: Invalid value: \"object\": color is immutable",
            "spec: Invalid value: \"object\": size may only grow");
    }

    [Fact]
    public void Rules_run_depth_first_in_document_order_after_schema_errors()
    {
        var schema = Json.SpecSchema("""
            {"b":{"type":"string","x-kubernetes-validations":[{"rule":"self != 'x'","message":"b is x"}]},
             "a":{"type":"integer","minimum":0,"x-kubernetes-validations":[{"rule":"self != 5","message":"a is 5"}]},
             "m":{"type":"object","additionalProperties":{"type":"string","x-kubernetes-validations":[{"rule":"self != 'bad'","message":"bad value"}]}}}
            """, ""","x-kubernetes-validations":[{"rule":"!has(self.a) || self.a != -1","message":"spec a is -1"}]""");

        Json.Messages(Validate(schema, """{"a":-1,"b":"x"}""")).Should().Equal(
            "spec.a: Invalid value: -1: spec.a in body should be greater than or equal to 0",
            "spec: Invalid value: \"object\": spec a is -1",
            "spec.b: Invalid value: \"string\": b is x");
        Json.Messages(Validate(schema, """{"m":{"k":"bad"},"a":5}""")).Should().Equal(
            "spec.m[k]: Invalid value: \"string\": bad value",
            "spec.a: Invalid value: \"integer\": a is 5");
    }

    [Theory]
    [InlineData("required", """{"color":"red"}""", "spec.size: Required value")]
    [InlineData("type", """{"size":"big"}""", "spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"")]
    [InlineData("enum", """{"size":1,"color":"pink"}""", "spec.color: Unsupported value: \"pink\": supported values: \"red\", \"blue\"")]
    [InlineData("maxLength", """{"size":1,"name":"toolong"}""", "spec.name: Too long: may not be more than 3 bytes")]
    [InlineData("maxItems", """{"size":1,"tags":["a","b"]}""", "spec.tags: Too many: 2: must have at most 1 item")]
    public void Blocking_errors_skip_the_rules_and_add_the_not_checked_error(string keyword, string spec, string expected)
    {
        _ = keyword;
        var schema = SchemaWithSpecRules("""[{"rule":"false","message":"rule ran"}]""",
            """{"color":{"type":"string","enum":["red","blue"]},"size":{"type":"integer"},"name":{"type":"string","maxLength":3},"tags":{"type":"array","maxItems":1,"items":{"type":"string"}}}""");
        var withRequired = Json.SpecSchema(
            """{"color":{"type":"string","enum":["red","blue"]},"size":{"type":"integer"},"name":{"type":"string","maxLength":3},"tags":{"type":"array","maxItems":1,"items":{"type":"string"}}}""",
            ""","required":["size"],"x-kubernetes-validations":[{"rule":"false","message":"rule ran"}]""");

        var errors = Validate(keyword == "required" ? withRequired : schema, spec);

        Json.Messages(errors).Should().Equal(
            expected,
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
        errors[1].Reason.Should().Be("FieldValueInvalid");
        errors[1].Field.Should().Be("<nil>");
    }

    [Fact]
    public void Non_blocking_errors_still_let_the_rules_run()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"false","message":"rule ran"}]""",
            """{"size":{"type":"integer","minimum":1}}""");

        Json.Messages(Validate(schema, """{"size":0}""")).Should().Equal(
            "spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1",
            "spec: Invalid value: \"object\": rule ran");
    }

    [Fact]
    public void Without_any_rule_in_the_schema_no_not_checked_error_is_added()
    {
        var schema = Json.SpecSchema("""{"size":{"type":"integer"}}""");

        Json.Messages(Validate(schema, """{"size":"x"}""")).Should().ContainSingle();
    }

    [Fact]
    public void Root_rules_can_read_metadata_even_when_the_schema_does_not_declare_it()
    {
        var schema = Json.Schema("""
            {"type":"object","x-kubernetes-validations":[{"rule":"size(self.metadata.name) <= 5","message":"name too long"}],
             "properties":{"spec":{"type":"object","properties":{}}}}
            """);

        SchemaProcessor.Validate(Json.Object("""{"metadata":{"name":"abcdef"},"spec":{}}"""), null, schema)
            .Should().ContainSingle().Which.ToString().Should().Be("<nil>: Invalid value: \"object\": name too long");
    }

    [Fact]
    public void Rules_without_old_self_are_skipped_for_unchanged_values_on_update()
    {
        var schema = SchemaWithSpecRules("""[{"rule":"self.size <= 10","message":"size must be at most 10"}]""",
            """{"size":{"type":"integer"},"note":{"type":"string"}}""");
        var stored = Json.Object("""{"spec":{"size":11}}""");

        SchemaProcessor.Validate(Json.Object("""{"spec":{"size":11}}"""), stored, schema).Should().BeEmpty();
        SchemaProcessor.Validate(Json.Object("""{"spec":{"size":11,"note":"n"}}"""), stored, schema)
            .Should().ContainSingle().Which.CauseMessage.Should().Be("Invalid value: \"object\": size must be at most 10");
    }
}
