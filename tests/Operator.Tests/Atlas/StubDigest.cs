using System.Security.Cryptography;
using System.Text;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>The server side of HTTP Digest (MD5, qop=auth), written independently of the client's code.</summary>
public static class StubDigest
{
    public static Dictionary<string, string> ParseAuthorization(string header)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = header["Digest ".Length..];
        foreach (var part in SplitOutsideQuotes(rest))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }
            var value = part[(eq + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1];
            }
            result[part[..eq].Trim()] = value;
        }
        return result;
    }

    /// <summary>True when the header is a correct MD5/qop=auth answer for this user, password, nonce, method and URI.</summary>
    public static bool Verify(string header, string user, string password, string realm, string nonce, string method, string uri)
    {
        var p = ParseAuthorization(header);
        if (p.GetValueOrDefault("username") != user || p.GetValueOrDefault("realm") != realm || p.GetValueOrDefault("nonce") != nonce
            || p.GetValueOrDefault("uri") != uri || p.GetValueOrDefault("qop") != "auth")
        {
            return false;
        }
        var ha1 = Md5($"{user}:{realm}:{password}");
        var ha2 = Md5($"{method}:{uri}");
        var expected = Md5($"{ha1}:{nonce}:{p.GetValueOrDefault("nc")}:{p.GetValueOrDefault("cnonce")}:auth:{ha2}");
        return p.GetValueOrDefault("response") == expected;
    }

    private static string Md5(string text) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static IEnumerable<string> SplitOutsideQuotes(string text)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == ',' && !quoted)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
