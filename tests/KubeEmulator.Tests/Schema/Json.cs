using System.Text.Json.Nodes;
using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests.Schema;

/// <summary>Small helpers to write schemas and objects as JSON text in tests.</summary>
internal static class Json
{
    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    public static StructuralSchema Schema(string json) => StructuralSchema.Parse(Object(json));

    /// <summary>A schema whose root has one <c>spec</c> object with the given properties JSON.</summary>
    public static StructuralSchema SpecSchema(string specProperties, string specExtras = "") => Schema(
        """{"type":"object","properties":{"apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object"},"spec":{"type":"object" """
        + specExtras + ""","properties":""" + specProperties + "}}}");

    public static IReadOnlyList<string> Messages(IEnumerable<FieldError> errors) => errors.Select(e => e.ToString()).ToList();
}
