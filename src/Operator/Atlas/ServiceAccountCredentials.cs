namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>A service account, used with OAuth 2.0 client credentials at <c>/api/oauth/token</c>.</summary>
public sealed record ServiceAccountCredentials(string ClientId, string ClientSecret) : AtlasCredentials
{
    public override string Identity => ClientId;

    public override string ToString() => $"ServiceAccount({ClientId}, client secret redacted)";
}
