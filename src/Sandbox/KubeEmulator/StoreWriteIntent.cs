using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>What a write decided: store <see cref="NewObject"/>, delete the object, or (neither) leave it as it is.</summary>
internal sealed record StoreWriteIntent(JsonObject? NewObject, bool Delete = false)
{
    public static StoreWriteIntent Unchanged { get; } = new((JsonObject?)null);
}
