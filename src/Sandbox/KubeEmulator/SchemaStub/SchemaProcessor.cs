// TEMPORARY stub; delete SchemaStub/ when the kube-schema branch is merged.
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

public static class SchemaProcessor
{
    public static IReadOnlyList<string> Prune(JsonObject obj, StructuralSchema schema) => [];

    public static void ApplyDefaults(JsonObject obj, StructuralSchema schema) { }

    public static IReadOnlyList<FieldError> Validate(JsonObject obj, JsonObject? oldObj, StructuralSchema schema) => [];
}
