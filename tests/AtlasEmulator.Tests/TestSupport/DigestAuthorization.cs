using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

/// <summary>Computes an RFC 7616 Digest (MD5, qop=auth) Authorization header from a server challenge.</summary>
public static partial class DigestAuthorization
{
    public static string Create(string challenge, string user, string password, string method, string uri, string cnonce = "0a4f113b", int nc = 1)
    {
        string realm = Field(challenge, "realm");
        string nonce = Field(challenge, "nonce");
        string ncText = nc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        string ha1 = Md5($"{user}:{realm}:{password}");
        string ha2 = Md5($"{method}:{uri}");
        string response = Md5($"{ha1}:{nonce}:{ncText}:{cnonce}:auth:{ha2}");
        return $"Digest username=\"{user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm=MD5, qop=auth, nc={ncText}, cnonce=\"{cnonce}\", response=\"{response}\"";
    }

    public static string Field(string challenge, string name)
    {
        Match match = Regex.Match(challenge, name + "=\"?([^\",]*)\"?");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"No {name} in challenge '{challenge}'.");
    }

#pragma warning disable CA5351 // Digest is defined over MD5.
    private static string Md5(string value) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value)));
#pragma warning restore CA5351
}
