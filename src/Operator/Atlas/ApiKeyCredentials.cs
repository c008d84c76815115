namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>A programmatic API key, used with HTTP Digest (public key as user name, private key as password).</summary>
public sealed record ApiKeyCredentials(string PublicKey, string PrivateKey) : AtlasCredentials
{
    public override string Identity => PublicKey;

    public override string ToString() => $"ApiKey({PublicKey}, private key redacted)";
}
