using System.Text;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Reads an object's Atlas credentials from its Secret, with the same keys as the MongoDB Atlas Kubernetes Operator:
/// <c>publicApiKey</c> + <c>privateApiKey</c> (API key) or <c>clientId</c> + <c>clientSecret</c> (service account),
/// optionally <c>orgId</c>. Every problem is a NeedsAttention failure that names the Secret and the keys, never a value.
/// </summary>
public sealed class CredentialResolver(ISecretReader secrets, RestoreOperatorOptions options)
{
    public const string PublicApiKey = "publicApiKey";
    public const string PrivateApiKey = "privateApiKey";
    public const string ClientId = "clientId";
    public const string ClientSecret = "clientSecret";
    public const string OrgId = "orgId";

    /// <summary>The Secret an object's credentials come from: its own reference, else the operator default.</summary>
    public SecretLocation? LocateSecret(AtlasSharedRestore restore)
    {
        ArgumentNullException.ThrowIfNull(restore);
        var reference = restore.Spec.ConnectionSecretRef;
        if (reference is not null && !string.IsNullOrEmpty(reference.Name))
        {
            return new SecretLocation(restore.Metadata.NamespaceProperty ?? "default", reference.Name);
        }

        return options.DefaultSecret;
    }

    public async Task<CredentialResolution> ResolveAsync(AtlasSharedRestore restore, CancellationToken cancellationToken)
    {
        var location = LocateSecret(restore);
        if (location is null)
        {
            return CredentialResolution.Fail(RestoreFailure.NeedsAttention(RestoreReasons.SecretNotFound,
                "spec.connectionSecretRef is not set and the operator has no default Secret (--default-secret); name a Secret with publicApiKey and privateApiKey, or clientId and clientSecret."));
        }

        var data = await secrets.GetSecretDataAsync(location.Namespace, location.Name, cancellationToken).ConfigureAwait(false);
        if (data is null)
        {
            return CredentialResolution.Fail(RestoreFailure.NeedsAttention(RestoreReasons.SecretNotFound,
                $"Secret {location} does not exist; create it with publicApiKey and privateApiKey, or clientId and clientSecret."));
        }

        return Parse(location, data);
    }

    /// <summary>Turns a Secret's data into credentials; public so the rules can be tested on their own.</summary>
    public static CredentialResolution Parse(SecretLocation location, IReadOnlyDictionary<string, byte[]> data)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(data);
        var hasApiKey = data.ContainsKey(PublicApiKey) || data.ContainsKey(PrivateApiKey);
        var hasServiceAccount = data.ContainsKey(ClientId) || data.ContainsKey(ClientSecret);

        if (hasApiKey && hasServiceAccount)
        {
            return Invalid($"Secret {location} mixes API key keys ({PublicApiKey}, {PrivateApiKey}) with service account keys ({ClientId}, {ClientSecret}); keep one kind.");
        }

        if (!hasApiKey && !hasServiceAccount)
        {
            return Invalid($"Secret {location} has neither {PublicApiKey} and {PrivateApiKey} nor {ClientId} and {ClientSecret}.");
        }

        var (firstKey, secondKey) = hasApiKey ? (PublicApiKey, PrivateApiKey) : (ClientId, ClientSecret);
        foreach (var key in new[] { firstKey, secondKey })
        {
            if (!data.ContainsKey(key))
            {
                return Invalid($"Secret {location} is missing key {key} (it needs both {firstKey} and {secondKey}).");
            }
        }

        var first = Read(data, firstKey);
        var second = Read(data, secondKey);
        if (first.Length == 0 || second.Length == 0)
        {
            return Invalid($"Secret {location} has an empty value for key {(first.Length == 0 ? firstKey : secondKey)}.");
        }

        var orgId = data.ContainsKey(OrgId) ? Read(data, OrgId) : null;
        AtlasCredentials credentials = hasApiKey
            ? new ApiKeyCredentials(first, second)
            : new ServiceAccountCredentials(first, second);
        return CredentialResolution.Success(new ResolvedCredentials(credentials, location, string.IsNullOrEmpty(orgId) ? null : orgId));
    }

    // Secrets made from files often end with a newline that is not part of the key.
    private static string Read(IReadOnlyDictionary<string, byte[]> data, string key) => Encoding.UTF8.GetString(data[key]).Trim();

    private static CredentialResolution Invalid(string message) =>
        CredentialResolution.Fail(RestoreFailure.NeedsAttention(RestoreReasons.InvalidCredentials, message));
}
