using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;

/// <summary>Access tokens issued by <c>/api/oauth/token</c>, valid until their expiry on the emulator's clock.</summary>
internal sealed class OAuthTokenStore(AtlasEmulatorState state, TimeProvider timeProvider, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, (string ClientId, DateTimeOffset ExpiresAt)> tokens = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => lifetime;

    /// <summary>The service account whose id and secret these are, or null.</summary>
    public SeedServiceAccount? FindClient(string clientId, string clientSecret)
    {
        SeedServiceAccount? account = state.FindServiceAccount(clientId);
        if (account is null)
        {
            return null;
        }

        bool match = CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(account.ClientSecret), System.Text.Encoding.UTF8.GetBytes(clientSecret));
        return match ? account : null;
    }

    public string Issue(string clientId)
    {
        string token = "emu_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        tokens[token] = (clientId, timeProvider.GetUtcNow() + lifetime);
        return token;
    }

    /// <summary>Revokes a token of the client (RFC 7009: an unknown token is not an error).</summary>
    public void Revoke(string clientId, string token)
    {
        if (tokens.TryGetValue(token, out var entry) && entry.ClientId == clientId)
        {
            tokens.TryRemove(token, out _);
        }
    }

    public Caller? Authenticate(string token)
    {
        if (!tokens.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (timeProvider.GetUtcNow() >= entry.ExpiresAt)
        {
            tokens.TryRemove(token, out _);
            return null;
        }

        SeedServiceAccount? account = state.FindServiceAccount(entry.ClientId);
        return account is null ? null : new Caller(account.ClientId, account.ProjectRoles);
    }
}
