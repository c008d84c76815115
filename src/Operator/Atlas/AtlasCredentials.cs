namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// Credentials for the Atlas Admin API. The secret halves never appear in <see cref="object.ToString"/>,
/// so a credential that ends up in a log line or an exception message leaks nothing.
/// </summary>
public abstract record AtlasCredentials
{
    /// <summary>The non-secret identity (public key or client id), safe to log.</summary>
    public abstract string Identity { get; }
}
