namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>The two ways the client authenticates to Atlas.</summary>
public enum AtlasAuthMode
{
    /// <summary>Programmatic API key over HTTP Digest.</summary>
    ApiKey,

    /// <summary>Service account over OAuth client credentials (Bearer token).</summary>
    ServiceAccount,
}
