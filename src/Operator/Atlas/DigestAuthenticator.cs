using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// HTTP Digest (RFC 7616) for Atlas API keys. The last challenge is kept per public key, so after the first
/// 401 every request authenticates up front; a new challenge (new nonce, or <c>stale=true</c>) replaces it.
/// </summary>
internal sealed class DigestAuthenticator
{
    private readonly ConcurrentDictionary<string, DigestSession> sessions = new(StringComparer.Ordinal);

    /// <summary>The cached challenge for this key, or null before the first 401.</summary>
    public DigestChallenge? CurrentChallenge(ApiKeyCredentials credentials) =>
        sessions.TryGetValue(credentials.PublicKey, out var session) ? session.Challenge : null;

    public void Remember(ApiKeyCredentials credentials, DigestChallenge challenge) =>
        sessions.AddOrUpdate(credentials.PublicKey, _ => new DigestSession(challenge), (_, existing) => existing.Replace(challenge));

    public void Forget(ApiKeyCredentials credentials) => sessions.TryRemove(credentials.PublicKey, out _);

    /// <summary>The <c>Authorization</c> value for a request, or null when no challenge is cached yet.</summary>
    public string? Authorize(ApiKeyCredentials credentials, HttpMethod method, string digestUri, out string? nonce)
    {
        nonce = null;
        if (!sessions.TryGetValue(credentials.PublicKey, out var session))
        {
            return null;
        }
        var (challenge, nonceCount) = session.NextUse();
        nonce = challenge.Nonce;
        return BuildHeader(credentials, challenge, nonceCount, method.Method, digestUri);
    }

    internal static string BuildHeader(ApiKeyCredentials credentials, DigestChallenge challenge, long nonceCount, string method, string digestUri)
    {
        var algorithm = challenge.Algorithm;
        var isSession = algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase);
        var baseAlgorithm = isSession ? algorithm[..^"-sess".Length] : algorithm;
        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var nc = nonceCount.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

        var ha1 = Hash(baseAlgorithm, $"{credentials.PublicKey}:{challenge.Realm}:{credentials.PrivateKey}");
        if (isSession)
        {
            ha1 = Hash(baseAlgorithm, $"{ha1}:{challenge.Nonce}:{cnonce}");
        }
        var ha2 = Hash(baseAlgorithm, $"{method}:{digestUri}");
        var response = challenge.Qop is null
            ? Hash(baseAlgorithm, $"{ha1}:{challenge.Nonce}:{ha2}")
            : Hash(baseAlgorithm, $"{ha1}:{challenge.Nonce}:{nc}:{cnonce}:{challenge.Qop}:{ha2}");

        var header = new StringBuilder("Digest ");
        header.Append("username=\"").Append(Escape(credentials.PublicKey)).Append('"');
        header.Append(", realm=\"").Append(Escape(challenge.Realm)).Append('"');
        header.Append(", nonce=\"").Append(Escape(challenge.Nonce)).Append('"');
        header.Append(", uri=\"").Append(Escape(digestUri)).Append('"');
        header.Append(", algorithm=").Append(algorithm);
        if (challenge.Qop is not null)
        {
            header.Append(", qop=").Append(challenge.Qop);
            header.Append(", nc=").Append(nc);
            header.Append(", cnonce=\"").Append(cnonce).Append('"');
        }
        header.Append(", response=\"").Append(response).Append('"');
        if (challenge.Opaque is not null)
        {
            header.Append(", opaque=\"").Append(Escape(challenge.Opaque)).Append('"');
        }
        return header.ToString();
    }

    private static string Hash(string algorithm, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return algorithm.ToUpperInvariant() switch
        {
            "MD5" => Convert.ToHexStringLower(MD5.HashData(bytes)),
            "SHA-256" => Convert.ToHexStringLower(SHA256.HashData(bytes)),
            _ => throw new NotSupportedException($"Digest algorithm '{algorithm}' is not supported (MD5, MD5-sess, SHA-256 and SHA-256-sess are)."),
        };
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    /// <summary>One key's challenge and its nonce counter (nc must grow with each use of the same nonce).</summary>
    private sealed class DigestSession(DigestChallenge challenge)
    {
        private readonly Lock gate = new();
        private long nonceCount;

        public DigestChallenge Challenge { get; private set; } = challenge;

        public DigestSession Replace(DigestChallenge next)
        {
            lock (gate)
            {
                if (next.Nonce != Challenge.Nonce)
                {
                    nonceCount = 0;
                }
                Challenge = next;
            }
            return this;
        }

        public (DigestChallenge Challenge, long NonceCount) NextUse()
        {
            lock (gate)
            {
                nonceCount++;
                return (Challenge, nonceCount);
            }
        }
    }
}
