namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>A parsed <c>WWW-Authenticate: Digest ...</c> challenge (RFC 7616).</summary>
internal sealed record DigestChallenge(string Realm, string Nonce, string? Qop, string? Opaque, string Algorithm, bool Stale)
{
    /// <summary>Parses the parameter part after <c>Digest</c>; null when it lacks a realm or nonce.</summary>
    public static DigestChallenge? Parse(string? parameters)
    {
        if (string.IsNullOrWhiteSpace(parameters))
        {
            return null;
        }
        var values = ParseParameters(parameters);
        if (!values.TryGetValue("realm", out var realm) || !values.TryGetValue("nonce", out var nonce))
        {
            return null;
        }
        values.TryGetValue("qop", out var qopList);
        values.TryGetValue("opaque", out var opaque);
        values.TryGetValue("algorithm", out var algorithm);
        values.TryGetValue("stale", out var stale);
        return new DigestChallenge(
            realm,
            nonce,
            ChooseQop(qopList),
            opaque,
            string.IsNullOrEmpty(algorithm) ? "MD5" : algorithm,
            string.Equals(stale, "true", StringComparison.OrdinalIgnoreCase));
    }

    // Prefer "auth"; "auth-int" would need the body hashed and Atlas does not ask for it.
    private static string? ChooseQop(string? qopList)
    {
        if (qopList is null)
        {
            return null;
        }
        var options = qopList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return options.FirstOrDefault(o => o.Equals("auth", StringComparison.OrdinalIgnoreCase)) ?? options.FirstOrDefault();
    }

    private static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }
            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }
            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }
            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            string value;
            if (i < text.Length && text[i] == '"')
            {
                i++;
                var builder = new System.Text.StringBuilder();
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }
                    builder.Append(text[i]);
                    i++;
                }
                i++;
                value = builder.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < text.Length && text[i] != ',')
                {
                    i++;
                }
                value = text[valueStart..i].Trim();
            }
            if (name.Length > 0)
            {
                result[name] = value;
            }
        }
        return result;
    }
}
