using System.Text;
using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary><c>/api/oauth/token</c> (client-credentials grant, HTTP Basic client authentication) and <c>/api/oauth/revoke</c>.</summary>
internal sealed class OAuthEndpoints(OAuthTokenStore tokens, RateLimiter limiter)
{
    /// <summary>Answers a token or revoke request; <paramref name="clientId"/> is the authenticated client.</summary>
    public EmulatorResponse Handle(string operation, string? authorization, string? contentType, string? body, out string? clientId)
    {
        clientId = null;
        SeedServiceAccount? account = AuthenticateClient(authorization);
        if (account is null)
        {
            return Error(401, "invalid_client", "Client authentication failed: send HTTP Basic clientId:clientSecret of a service account.")
                .WithHeader("WWW-Authenticate", "Basic realm=\"MongoDB Atlas\"");
        }

        clientId = account.ClientId;
        if (!limiter.TryTake("oauth:" + account.ClientId, out int remaining, out int retryAfter))
        {
            return RateLimitResponses.Exhausted("api/oauth/token", retryAfter, limiter.Options);
        }

        if (contentType is null || !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
        }

        Dictionary<string, StringValues> form = QueryHelpers.ParseQuery(body ?? string.Empty);
        if (operation == AtlasOperations.RevokeToken)
        {
            if (!form.TryGetValue("token", out StringValues token) || StringValues.IsNullOrEmpty(token))
            {
                return Error(400, "invalid_request", "The form field 'token' is required.");
            }

            tokens.Revoke(account.ClientId, token.ToString());
            return new EmulatorResponse(200, null, [], null);
        }

        if (!form.TryGetValue("grant_type", out StringValues grantType) || StringValues.IsNullOrEmpty(grantType))
        {
            return Error(400, "invalid_request", "The form field 'grant_type' is required; the only supported value is client_credentials.");
        }

        if (grantType.ToString() != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", $"grant_type '{grantType}' is not supported; use client_credentials.");
        }

        string accessToken = tokens.Issue(account.ClientId);
        var response = new TokenResponseBody(accessToken, "Bearer", (long)tokens.Lifetime.TotalSeconds);
        return new EmulatorResponse(200, "application/json", JsonWriting.Serialize(response, WireJsonContext.Default.TokenResponseBody), null)
            .WithHeader("Cache-Control", "no-store")
            .WithHeader("RateLimit-Limit", limiter.Options.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithHeader("RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private SeedServiceAccount? AuthenticateClient(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        int colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : tokens.FindClient(decoded[..colon], decoded[(colon + 1)..]);
    }

    private static EmulatorResponse Error(int status, string error, string description) =>
        new(status, "application/json", JsonWriting.Serialize(new OAuthErrorBody(error, description), WireJsonContext.Default.OAuthErrorBody), error);
}
