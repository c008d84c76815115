using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests.Schema;

public sealed class PruneTests
{
    private static readonly string Properties = """
        {"size":{"type":"integer"},
         "nested":{"type":"object","properties":{"keep":{"type":"string"}}},
         "list":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}},
         "labels":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string"}}}},
         "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"typed":{"type":"object","properties":{"a":{"type":"string"}}}}},
         "port":{"x-kubernetes-int-or-string":true}}
        """;

    [Fact]
    public void Unknown_fields_are_removed_and_reported_in_document_order()
    {
        var obj = Json.Object("""
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","unknownMeta":1},
             "spec":{"foo":1,"size":2,"nested":{"keep":"k","drop":true},"list":[{"name":"a","x":1},{"y":2}],
                     "labels":{"team":{"v":"a","w":"b"}},"bar":{"baz":1}},
             "extra":"top"}
            """);

        var removed = SchemaProcessor.Prune(obj, Json.SpecSchema(Properties));

        removed.Should().Equal(
            "spec.foo", "spec.nested.drop", "spec.list[0].x", "spec.list[1].y", "spec.labels.team.w", "spec.bar", "extra");
        obj.ToJsonString().Should().Be(
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","unknownMeta":1},"spec":{"size":2,"nested":{"keep":"k"},"list":[{"name":"a"},{}],"labels":{"team":{"v":"a"}}}}""");
    }

    [Fact]
    public void Preserve_unknown_fields_keeps_unknown_subtrees_but_still_prunes_specified_properties()
    {
        var obj = Json.Object("""{"spec":{"free":{"anything":{"deep":[1,2]},"typed":{"a":"x","b":"pruned"}}}}""");

        var removed = SchemaProcessor.Prune(obj, Json.SpecSchema(Properties));

        removed.Should().Equal("spec.free.typed.b");
        obj["spec"]!["free"]!.ToJsonString().Should().Be("""{"anything":{"deep":[1,2]},"typed":{"a":"x"}}""");
    }

    [Fact]
    public void Nothing_is_removed_from_a_valid_object_or_from_values_of_the_wrong_type()
    {
        var obj = Json.Object("""{"spec":{"size":"not a number","nested":"not an object","port":{"x":1}}}""");

        SchemaProcessor.Prune(obj, Json.SpecSchema(Properties)).Should().BeEmpty();
        obj.ToJsonString().Should().Be("""{"spec":{"size":"not a number","nested":"not an object","port":{"x":1}}}""");
    }
}
