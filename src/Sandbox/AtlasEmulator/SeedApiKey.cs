namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>A programmatic API key used with HTTP Digest (public key = user name, private key = password).</summary>
public sealed record SeedApiKey
{
    public required string PublicKey { get; init; }

    public required string PrivateKey { get; init; }

    /// <summary>Project id to role names (see <see cref="AtlasRoles"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectRoles { get; init => field = value ?? new Dictionary<string, IReadOnlyList<string>>(); } = new Dictionary<string, IReadOnlyList<string>>();
}
