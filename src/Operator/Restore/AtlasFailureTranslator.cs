using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Turns a definite Atlas rejection into a <see cref="RestoreFailure"/> with a message a user can act on.
/// Ambiguous outcomes are not translated: callers let them surface as retries.
/// </summary>
public static class AtlasFailureTranslator
{
    /// <summary>The date Atlas sunset the M2/M5 tenant endpoints.</summary>
    public const string TenantSunsetDate = "2026-01-22";

    /// <summary>
    /// The failures every call shares: retired tenant endpoint, 401, 403, 429, unknown project. Null when the caller
    /// must decide (e.g. a 404 whose meaning depends on the call).
    /// </summary>
    public static RestoreFailure? Common(AtlasApiException exception, AtlasApiFamily family, SecretLocation secret, string projectId)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.Kind == AtlasFailureKind.Ambiguous)
        {
            return null;
        }

        if (family == AtlasApiFamily.Tenant && IsTenantRetired(exception))
        {
            return TenantRetired();
        }

        return exception.HttpStatus switch
        {
            401 => RestoreFailure.NeedsAttention(RestoreReasons.Unauthorized,
                $"Atlas rejected the credentials in Secret {secret} (HTTP 401); check the key or service account, and the access list."),
            403 => RestoreFailure.NeedsAttention(RestoreReasons.Forbidden,
                $"The credentials in Secret {secret} lack a required role in project {projectId} (HTTP 403); restoring needs Project Owner or Project Backup Recovery Operator."),
            429 => new RestoreFailure(RestoreReasons.RateLimited, RestoreReasons.RateLimited,
                "Atlas rate-limited the operator (HTTP 429); it will retry.", FailureDisposition.RetryLater, exception.RetryAfter),
            _ when exception.ErrorCode == AtlasErrorCodes.GroupNotFound => RestoreFailure.Preflight(RestoreReasons.ProjectNotFound,
                $"Atlas project {projectId} does not exist or the credentials cannot see it."),
            _ => null,
        };
    }

    /// <summary>The retired-tenant-endpoint failure, pointing at <c>api: Flex</c>.</summary>
    public static RestoreFailure TenantRetired() => RestoreFailure.Terminal(RestoreReasons.TenantApiRetired,
        $"The Atlas shared-tier (tenant) restore API was retired on {TenantSunsetDate}; create a new AtlasSharedRestore with api: Flex.");

    /// <summary>A rejection no rule above explains; a person has to look.</summary>
    public static RestoreFailure Unexpected(AtlasApiException exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = string.IsNullOrEmpty(exception.ErrorCode) ? "" : $" {exception.ErrorCode}";
        var detail = string.IsNullOrEmpty(exception.Detail) ? "" : $": {exception.Detail.TrimEnd('.')}";
        return RestoreFailure.NeedsAttention(RestoreReasons.AtlasRequestRejected,
            $"Atlas rejected {what} (HTTP {exception.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}{code}){detail}.");
    }

    /// <summary>
    /// 410, or a 404 that is not about a named thing, on a tenant path means the endpoint itself is gone.
    /// A 404 naming a missing cluster, project or snapshot is left to the caller.
    /// </summary>
    public static bool IsTenantRetired(AtlasApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.Kind != AtlasFailureKind.Rejected)
        {
            return false;
        }

        if (exception.HttpStatus == 410 || exception.ErrorCode == AtlasErrorCodes.VersionGone)
        {
            return true;
        }

        return exception.HttpStatus == 404
            && exception.ErrorCode is not (AtlasErrorCodes.ClusterNotFound or AtlasErrorCodes.GroupNotFound or AtlasErrorCodes.SnapshotNotFound);
    }

    public static AtlasApiFamily ToFamily(this ResolvedApi api) => api == ResolvedApi.Tenant ? AtlasApiFamily.Tenant : AtlasApiFamily.Flex;
}
