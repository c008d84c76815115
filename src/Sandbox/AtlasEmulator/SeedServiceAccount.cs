namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>A service account that obtains Bearer tokens with the OAuth 2.0 client-credentials grant.</summary>
public sealed record SeedServiceAccount
{
    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>Project id to role names (see <see cref="AtlasRoles"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectRoles { get; init => field = value ?? new Dictionary<string, IReadOnlyList<string>>(); } = new Dictionary<string, IReadOnlyList<string>>();
}
