using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests.Schema;

public sealed class FieldErrorTests
{
    [Theory]
    [InlineData(FieldErrorType.Invalid, "FieldValueInvalid")]
    [InlineData(FieldErrorType.Required, "FieldValueRequired")]
    [InlineData(FieldErrorType.NotSupported, "FieldValueNotSupported")]
    [InlineData(FieldErrorType.Forbidden, "FieldValueForbidden")]
    [InlineData(FieldErrorType.TypeInvalid, "FieldValueTypeInvalid")]
    [InlineData(FieldErrorType.TooLong, "FieldValueTooLong")]
    [InlineData(FieldErrorType.TooMany, "FieldValueTooMany")]
    [InlineData(FieldErrorType.Duplicate, "FieldValueDuplicate")]
    public void Each_type_has_the_api_server_cause_reason(FieldErrorType type, string reason)
    {
        new FieldError(type, "spec.x", "").Reason.Should().Be(reason);
    }

    [Fact]
    public void String_values_are_quoted_and_escaped_like_go()
    {
        var error = FieldError.Invalid("spec.x", System.Text.Json.Nodes.JsonValue.Create("a\"b\\c\td\u0001é"), "bad");

        error.CauseMessage.Should().Be("Invalid value: \"a\\\"b\\\\c\\td\\x01é\": bad");
    }

    [Fact]
    public void Factories_build_the_bodies_the_api_server_prints()
    {
        FieldError.Required("spec.a").ToString().Should().Be("spec.a: Required value");
        FieldError.Forbidden("spec.a", "not now").ToString().Should().Be("spec.a: Forbidden: not now");
        FieldError.TooLong("spec.a", 1).ToString().Should().Be("spec.a: Too long: may not be more than 1 byte");
        FieldError.TooMany("spec.a", 2, 1).ToString().Should().Be("spec.a: Too many: 2: must have at most 1 item");
        FieldError.Duplicate("spec.a", "\"x\"").ToString().Should().Be("spec.a: Duplicate value: \"x\"");
        FieldError.NotSupported("spec.a", System.Text.Json.Nodes.JsonValue.Create(true), ["x"]).ToString()
            .Should().Be("spec.a: Unsupported value: true: supported values: \"x\"");
    }
}
