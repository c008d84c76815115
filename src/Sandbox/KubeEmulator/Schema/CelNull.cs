namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>CEL's null value (distinct from "no value" in evaluation code).</summary>
internal sealed class CelNull
{
    public static CelNull Value { get; } = new();

    private CelNull()
    {
    }
}
