using System.Text.Json.Serialization;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>The OAuth 2.0 token response.</summary>
internal sealed record TokenResponseBody(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);
