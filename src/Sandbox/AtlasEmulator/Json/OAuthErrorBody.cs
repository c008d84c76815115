using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>An RFC 6749 §5.2 error.</summary>
internal sealed record OAuthErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
