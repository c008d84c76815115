using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests.Schema;

public sealed class OpenApiValidationTests
{
    private static IReadOnlyList<FieldError> ValidateSpec(string specProperties, string spec, string specExtras = "") =>
        SchemaProcessor.Validate(Json.Object($$"""{"spec":{{spec}}}"""), null, Json.SpecSchema(specProperties, specExtras));

    [Fact]
    public void Minimum_reports_the_value_and_the_bound_like_the_api_server()
    {
        var errors = ValidateSpec("""{"size":{"type":"integer","minimum":1}}""", """{"size":0}""");

        errors.Should().ContainSingle();
        errors[0].Type.Should().Be(FieldErrorType.Invalid);
        errors[0].Reason.Should().Be("FieldValueInvalid");
        errors[0].Field.Should().Be("spec.size");
        errors[0].CauseMessage.Should().Be("Invalid value: 0: spec.size in body should be greater than or equal to 1");
        errors[0].ToString().Should().Be("spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1");
    }

    [Theory]
    [InlineData("""{"type":"integer","maximum":10}""", "11", "Invalid value: 11: spec.v in body should be less than or equal to 10")]
    [InlineData("""{"type":"integer","maximum":10,"exclusiveMaximum":true}""", "10", "Invalid value: 10: spec.v in body should be less than 10")]
    [InlineData("""{"type":"integer","minimum":1,"exclusiveMinimum":true}""", "1", "Invalid value: 1: spec.v in body should be greater than 1")]
    [InlineData("""{"type":"number","maximum":1.5}""", "2.25", "Invalid value: 2.25: spec.v in body should be less than or equal to 1.5")]
    [InlineData("""{"type":"integer","multipleOf":5}""", "7", "Invalid value: 7: spec.v in body should be a multiple of 5")]
    [InlineData("""{"type":"string","minLength":3}""", "\"ab\"", "Invalid value: \"ab\": spec.v in body should be at least 3 chars long")]
    [InlineData("""{"type":"string","pattern":"^[a-z]+$"}""", "\"Abc\"", "Invalid value: \"Abc\": spec.v in body should match '^[a-z]+$'")]
    [InlineData("""{"type":"array","items":{"type":"string"},"minItems":2}""", "[\"a\"]", "Invalid value: 1: spec.v in body should have at least 2 items")]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"},"minProperties":1}""", "{}", "Invalid value: 0: spec.v in body should have at least 1 properties")]
    public void Value_keywords_print_kube_openapi_messages(string propertySchema, string value, string expected)
    {
        var errors = ValidateSpec($$"""{"v":{{propertySchema}}}""", $$"""{"v":{{value}}}""");

        errors.Should().ContainSingle().Which.Should().Match<FieldError>(e =>
            e.Field == "spec.v" && e.Type == FieldErrorType.Invalid && e.CauseMessage == expected);
    }

    [Fact]
    public void Required_reports_each_missing_property_in_the_order_of_the_required_list()
    {
        var errors = ValidateSpec("""{"a":{"type":"string"},"b":{"type":"string"}}""", "{}", ""","required":["b","a"]""");

        Json.Messages(errors).Should().Equal("spec.b: Required value", "spec.a: Required value");
        errors[0].Reason.Should().Be("FieldValueRequired");
        errors[0].CauseMessage.Should().Be("Required value");
    }

    [Fact]
    public void Enum_lists_the_supported_values_quoted()
    {
        var errors = ValidateSpec("""{"api":{"type":"string","enum":["Auto","Flex","Tenant"]}}""", """{"api":"X"}""");

        var error = errors.Should().ContainSingle().Subject;
        error.Reason.Should().Be("FieldValueNotSupported");
        error.ToString().Should().Be("spec.api: Unsupported value: \"X\": supported values: \"Auto\", \"Flex\", \"Tenant\"");
    }

    [Fact]
    public void Enum_of_numbers_quotes_their_json_text()
    {
        var errors = ValidateSpec("""{"n":{"type":"integer","enum":[1,2]}}""", """{"n":3}""");

        errors.Should().ContainSingle().Which.CauseMessage.Should().Be("Unsupported value: 3: supported values: \"1\", \"2\"");
    }

    [Theory]
    [InlineData("integer", "\"string\"", "string")]
    [InlineData("integer", "1.5", "number")]
    [InlineData("string", "5", "integer")]
    [InlineData("boolean", "\"true\"", "string")]
    [InlineData("object", "[]", "array")]
    [InlineData("array", "{}", "object")]
    [InlineData("string", "null", "null")]
    public void Wrong_types_are_type_invalid_with_the_actual_json_type(string type, string value, string actualType)
    {
        var items = type == "array" ? ""","items":{"type":"string"}""" : "";
        var errors = ValidateSpec($$$"""{"v":{"type":"{{{type}}}"{{{items}}}}}""", $$"""{"v":{{value}}}""");

        var error = errors.Should().ContainSingle().Subject;
        error.Type.Should().Be(FieldErrorType.TypeInvalid);
        error.Reason.Should().Be("FieldValueTypeInvalid");
        error.ToString().Should().Be($"spec.v: Invalid value: \"{actualType}\": spec.v in body must be of type {type}: \"{actualType}\"");
    }

    [Theory]
    [InlineData("""{"type":"integer"}""", "3.0")]
    [InlineData("""{"type":"number"}""", "3")]
    [InlineData("""{"type":"string","nullable":true}""", "null")]
    [InlineData("""{"x-kubernetes-int-or-string":true}""", "8080")]
    [InlineData("""{"x-kubernetes-int-or-string":true}""", "\"50%\"")]
    [InlineData("""{"type":"string","maxLength":3}""", "\"ééé\"")]
    [InlineData("""{"type":"string","pattern":"^[\\p{L}\\p{N}]+$"}""", "\"Zürich2\"")]
    [InlineData("""{"type":"string","format":"date-time"}""", "\"2026-11-28T09:26:33.1234567+00:00\"")]
    public void Valid_values_pass(string propertySchema, string value)
    {
        ValidateSpec($$"""{"v":{{propertySchema}}}""", $$"""{"v":{{value}}}""").Should().BeEmpty();
    }

    [Fact]
    public void Int_or_string_refuses_other_types()
    {
        var errors = ValidateSpec("""{"port":{"x-kubernetes-int-or-string":true}}""", """{"port":true}""");

        errors.Should().ContainSingle().Which.ToString().Should()
            .Be("spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"");
    }

    [Fact]
    public void Max_length_counts_characters_and_reports_too_long_without_the_value()
    {
        var errors = ValidateSpec("""{"name":{"type":"string","maxLength":3}}""", """{"name":"abcd"}""");

        var error = errors.Should().ContainSingle().Subject;
        error.Type.Should().Be(FieldErrorType.TooLong);
        error.Reason.Should().Be("FieldValueTooLong");
        error.ToString().Should().Be("spec.name: Too long: may not be more than 3 bytes");
    }

    [Fact]
    public void Max_items_reports_too_many_with_the_count()
    {
        var errors = ValidateSpec("""{"tags":{"type":"array","maxItems":2,"items":{"type":"string"}}}""", """{"tags":["a","b","c"]}""");

        var error = errors.Should().ContainSingle().Subject;
        error.Reason.Should().Be("FieldValueTooMany");
        error.ToString().Should().Be("spec.tags: Too many: 3: must have at most 2 items");
    }

    [Fact]
    public void Items_and_maps_report_indexed_and_keyed_paths()
    {
        var errors = ValidateSpec(
            """{"list":{"type":"array","items":{"type":"object","properties":{"n":{"type":"integer","minimum":1}}}},"labels":{"type":"object","additionalProperties":{"type":"string","maxLength":2}}}""",
            """{"list":[{"n":1},{"n":0}],"labels":{"ok":"ab","team":"abc"}}""");

        Json.Messages(errors).Should().Equal(
            "spec.list[1].n: Invalid value: 0: spec.list[1].n in body should be greater than or equal to 1",
            "spec.labels.team: Too long: may not be more than 2 bytes");
    }

    [Fact]
    public void Several_errors_come_in_document_order_after_the_required_errors_of_their_object()
    {
        var errors = ValidateSpec(
            """{"a":{"type":"integer","minimum":5},"b":{"type":"string","pattern":"^x$"},"c":{"type":"string"}}""",
            """{"b":"y","a":1}""",
            ""","required":["c"]""");

        Json.Messages(errors).Should().Equal(
            "spec.c: Required value",
            "spec.b: Invalid value: \"y\": spec.b in body should match '^x$'",
            "spec.a: Invalid value: 1: spec.a in body should be greater than or equal to 5");
    }

    [Fact]
    public void A_type_error_stops_further_checks_of_that_value()
    {
        var errors = ValidateSpec("""{"v":{"type":"string","minLength":5,"enum":["abcdef"]}}""", """{"v":1}""");

        errors.Should().ContainSingle().Which.Type.Should().Be(FieldErrorType.TypeInvalid);
    }

    [Fact]
    public void Pattern_dollar_matches_only_at_the_very_end_as_in_go()
    {
        var errors = ValidateSpec("""{"v":{"type":"string","pattern":"^[a-z]+$"}}""", """{"v":"abc\n"}""");

        errors.Should().ContainSingle().Which.CauseMessage.Should()
            .Be("Invalid value: \"abc\\n\": spec.v in body should match '^[a-z]+$'");
    }

    [Fact]
    public void Format_date_time_refuses_other_text_as_a_type_error()
    {
        var errors = ValidateSpec("""{"at":{"type":"string","format":"date-time"}}""", """{"at":"yesterday"}""");

        errors.Should().ContainSingle().Which.ToString().Should()
            .Be("spec.at: Invalid value: \"yesterday\": spec.at in body must be of type date-time: \"yesterday\"");
    }

    [Fact]
    public void Large_and_tiny_floats_print_as_go_does()
    {
        var errors = ValidateSpec("""{"a":{"type":"number","maximum":1},"b":{"type":"number","minimum":1}}""", """{"a":2500000.5,"b":0.00001}""");

        Json.Messages(errors).Should().Equal(
            "spec.a: Invalid value: 2.5000005e+06: spec.a in body should be less than or equal to 1",
            "spec.b: Invalid value: 1e-05: spec.b in body should be greater than or equal to 1");
    }
}
