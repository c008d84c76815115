using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests.Schema;

public sealed class DefaultingTests
{
    private static readonly StructuralSchema Schema = Json.SpecSchema("""
        {"api":{"type":"string","default":"Auto"},
         "replicas":{"type":"integer","default":1},
         "explicitNull":{"type":"string","nullable":true,"default":"d"},
         "dropNull":{"type":"string"},
         "tuning":{"type":"object","properties":{"level":{"type":"integer","default":3},"mode":{"type":"string"}}},
         "withDefaultObject":{"type":"object","default":{},"properties":{"inner":{"type":"string","default":"in"}}},
         "items":{"type":"array","items":{"type":"object","properties":{"weight":{"type":"integer","default":10}}}}}
        """);

    [Fact]
    public void Absent_properties_get_their_defaults_and_present_ones_are_kept()
    {
        var obj = Json.Object("""{"spec":{"replicas":5}}""");

        SchemaProcessor.ApplyDefaults(obj, Schema);

        obj["spec"]!["api"]!.GetValue<string>().Should().Be("Auto");
        obj["spec"]!["replicas"]!.GetValue<int>().Should().Be(5);
    }

    [Fact]
    public void Nested_defaults_apply_only_where_the_parent_object_exists()
    {
        var withParent = Json.Object("""{"spec":{"tuning":{"mode":"fast"},"items":[{},{"weight":2}]}}""");
        var withoutParent = Json.Object("""{"spec":{}}""");

        SchemaProcessor.ApplyDefaults(withParent, Schema);
        SchemaProcessor.ApplyDefaults(withoutParent, Schema);

        withParent["spec"]!["tuning"]!.ToJsonString().Should().Be("""{"mode":"fast","level":3}""");
        withParent["spec"]!["items"]!.ToJsonString().Should().Be("""[{"weight":10},{"weight":2}]""");
        withoutParent["spec"]!.AsObject().ContainsKey("tuning").Should().BeFalse();
        withoutParent["spec"]!.AsObject().ContainsKey("items").Should().BeFalse();
    }

    [Fact]
    public void A_defaulted_object_gets_the_defaults_of_its_own_properties()
    {
        var obj = Json.Object("""{"spec":{}}""");

        SchemaProcessor.ApplyDefaults(obj, Schema);

        obj["spec"]!["withDefaultObject"]!.ToJsonString().Should().Be("""{"inner":"in"}""");
    }

    [Fact]
    public void No_spec_means_no_spec_defaults()
    {
        var obj = Json.Object("""{"metadata":{"name":"x"}}""");

        SchemaProcessor.ApplyDefaults(obj, Schema);

        obj.ToJsonString().Should().Be("""{"metadata":{"name":"x"}}""");
    }

    [Fact]
    public void Nulls_in_non_nullable_fields_are_defaulted_or_dropped_and_nullable_nulls_stay()
    {
        var obj = Json.Object("""{"spec":{"api":null,"dropNull":null,"explicitNull":null}}""");

        SchemaProcessor.ApplyDefaults(obj, Schema);

        obj["spec"]!["api"]!.GetValue<string>().Should().Be("Auto");
        obj["spec"]!.AsObject().ContainsKey("dropNull").Should().BeFalse();
        obj["spec"]!.AsObject().ContainsKey("explicitNull").Should().BeTrue();
        obj["spec"]!["explicitNull"].Should().BeNull();
    }

    [Fact]
    public void Each_object_gets_its_own_copy_of_a_default()
    {
        var schema = Json.SpecSchema("""{"opts":{"type":"object","default":{"a":1},"properties":{"a":{"type":"integer"}}}}""");
        var first = Json.Object("""{"spec":{}}""");
        var second = Json.Object("""{"spec":{}}""");

        SchemaProcessor.ApplyDefaults(first, schema);
        SchemaProcessor.ApplyDefaults(second, schema);
        first["spec"]!["opts"]!["a"] = 2;

        second["spec"]!["opts"]!["a"]!.GetValue<int>().Should().Be(1);
    }
}
