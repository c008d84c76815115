using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;

/// <summary>
/// HTTP Digest (RFC 7616, MD5, qop=auth) over the seeded API keys: public key as user name, private key as password.
/// Nonces are issued in challenges and accepted until they expire on the emulator's clock.
/// </summary>
internal sealed class DigestAuthenticator(AtlasEmulatorState state, TimeProvider timeProvider, TimeSpan nonceLifetime)
{
    public const string Realm = "MMS Public API";

    private readonly ConcurrentDictionary<string, DateTimeOffset> nonces = new(StringComparer.Ordinal);

    /// <summary>The <c>WWW-Authenticate</c> value of a 401, with a fresh nonce.</summary>
    public string Challenge(bool stale)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        foreach (KeyValuePair<string, DateTimeOffset> nonce in nonces)
        {
            if (now - nonce.Value > nonceLifetime)
            {
                nonces.TryRemove(nonce.Key, out _);
            }
        }

        string fresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        nonces[fresh] = now;
        return $"Digest realm=\"{Realm}\", domain=\"\", nonce=\"{fresh}\", algorithm=MD5, qop=\"auth\", stale={(stale ? "true" : "false")}";
    }

    /// <summary>Checks a <c>Digest ...</c> credential against the request method and path.</summary>
    public AuthenticationResult Authenticate(string parameters, string method, string path)
    {
        Dictionary<string, string> fields = DigestHeaderParser.Parse(parameters);
        if (!fields.TryGetValue("username", out string? username)
            || !fields.TryGetValue("nonce", out string? nonce)
            || !fields.TryGetValue("uri", out string? uri)
            || !fields.TryGetValue("response", out string? response)
            || fields.GetValueOrDefault("realm") != Realm)
        {
            return AuthenticationResult.Failed;
        }

        if (fields.TryGetValue("algorithm", out string? algorithm) && !string.Equals(algorithm, "MD5", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationResult.Failed;
        }

        // The digest covers the uri the client sent; it must name the resource actually requested.
        string uriPath = uri.Split('?', 2)[0];
        if (!string.Equals(Uri.UnescapeDataString(uriPath), Uri.UnescapeDataString(path), StringComparison.Ordinal))
        {
            return AuthenticationResult.Failed;
        }

        SeedApiKey? key = state.FindApiKey(username);
        if (key is null)
        {
            return AuthenticationResult.Failed;
        }

        string ha1 = Md5($"{username}:{Realm}:{key.PrivateKey}");
        string ha2 = Md5($"{method}:{uri}");
        string expected;
        string? qop = fields.GetValueOrDefault("qop");
        if (qop is null)
        {
            expected = Md5($"{ha1}:{nonce}:{ha2}");
        }
        else if (qop == "auth" && fields.TryGetValue("nc", out string? nc) && fields.TryGetValue("cnonce", out string? cnonce))
        {
            expected = Md5($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
        }
        else
        {
            return AuthenticationResult.Failed;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
        {
            return AuthenticationResult.Failed;
        }

        // A correct answer to an unknown or expired nonce is "stale": the client retries with the new nonce.
        if (!nonces.TryGetValue(nonce, out DateTimeOffset issued) || timeProvider.GetUtcNow() - issued > nonceLifetime)
        {
            nonces.TryRemove(nonce, out _);
            return new AuthenticationResult(null, Stale: true);
        }

        return new AuthenticationResult(new Caller(username, key.ProjectRoles), Stale: false);
    }

#pragma warning disable CA5351 // HTTP Digest as Atlas uses it is defined over MD5.
    private static string Md5(string value) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)));
#pragma warning restore CA5351
}
