namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Either credentials or the reason there are none.</summary>
public sealed record CredentialResolution(ResolvedCredentials? Credentials, RestoreFailure? Failure)
{
    public static CredentialResolution Success(ResolvedCredentials credentials) => new(credentials, null);

    public static CredentialResolution Fail(RestoreFailure failure) => new(null, failure);
}
