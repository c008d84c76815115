using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// OAuth access tokens per service account, kept until <c>margin</c> before they expire (at most half the token's
/// lifetime, so a short-lived token is still reused). The key includes a hash
/// of the secret, so a rotated secret gets a fresh token instead of riding on one minted with the old secret.
/// </summary>
internal sealed class ServiceAccountTokenCache(TimeProvider timeProvider, TimeSpan margin)
{
    private readonly ConcurrentDictionary<string, CachedToken> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> fetchGates = new(StringComparer.Ordinal);

    public string? TryGet(ServiceAccountCredentials credentials)
    {
        if (tokens.TryGetValue(KeyOf(credentials), out var cached) && timeProvider.GetUtcNow() < cached.RefreshAt)
        {
            return cached.AccessToken;
        }
        return null;
    }

    public void Store(ServiceAccountCredentials credentials, string accessToken, TimeSpan lifetime)
    {
        // A lifetime at or under the margin would be due for refresh the moment it arrives, so every call would fetch
        // a token; refreshing at half the lifetime still keeps the refresh ahead of expiry.
        var effectiveMargin = margin < lifetime / 2 ? margin : lifetime / 2;
        var refreshAt = timeProvider.GetUtcNow() + lifetime - effectiveMargin;
        tokens[KeyOf(credentials)] = new CachedToken(accessToken, refreshAt);
    }

    /// <summary>Drops the token after Atlas refused it, unless another caller already replaced it.</summary>
    public void Invalidate(ServiceAccountCredentials credentials, string rejectedToken)
    {
        var key = KeyOf(credentials);
        if (tokens.TryGetValue(key, out var cached) && cached.AccessToken == rejectedToken)
        {
            tokens.TryRemove(new KeyValuePair<string, CachedToken>(key, cached));
        }
    }

    /// <summary>Serialises token fetches per account so concurrent reconciles share one token request.</summary>
    public SemaphoreSlim FetchGate(ServiceAccountCredentials credentials) => fetchGates.GetOrAdd(KeyOf(credentials), _ => new SemaphoreSlim(1, 1));

    private static string KeyOf(ServiceAccountCredentials credentials) =>
        credentials.ClientId + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credentials.ClientSecret)));

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);
}
