// TEMPORARY stub of the schema helper's API so this branch compiles alone; delete SchemaStub/ when the kube-schema branch is merged.
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

public sealed class StructuralSchema
{
    private StructuralSchema() { }

    public static StructuralSchema Parse(JsonObject openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        return new StructuralSchema();
    }
}
