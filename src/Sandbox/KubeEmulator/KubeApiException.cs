using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>A request the API refuses; carries the Status body that goes back to the client.</summary>
internal sealed class KubeApiException(JsonObject status) : Exception(status["message"]?.GetValue<string>())
{
    public JsonObject Status { get; } = status;

    public int Code => Status["code"]!.GetValue<int>();
}
