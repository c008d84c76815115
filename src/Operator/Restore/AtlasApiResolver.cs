using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Picks the Atlas restore API for an object. A value already in <c>status.api</c> wins (it never changes);
/// <c>Flex</c> and <c>Tenant</c> are taken as given; <c>Auto</c> asks the Flex API for the source cluster and falls
/// back to the tenant API on <c>CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API</c>, as MongoDB's CLI does.
/// </summary>
public sealed class AtlasApiResolver(IAtlasClient atlas)
{
    public async Task<ApiResolution> ResolveAsync(AtlasSharedRestore restore, ResolvedCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(restore);
        ArgumentNullException.ThrowIfNull(credentials);
        if (restore.Status?.Api is { } recorded)
        {
            return new ApiResolution(recorded, null);
        }

        var spec = restore.Spec;
        switch (spec.Api)
        {
            case RestoreApi.Flex:
                return new ApiResolution(ResolvedApi.Flex, null);
            case RestoreApi.Tenant:
                return new ApiResolution(ResolvedApi.Tenant, null);
        }

        try
        {
            await atlas.GetFlexClusterAsync(credentials.Credentials, spec.ProjectId, spec.ClusterName, cancellationToken).ConfigureAwait(false);
            return new ApiResolution(ResolvedApi.Flex, null);
        }
        catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Rejected)
        {
            if (e.ErrorCode is AtlasErrorCodes.NonFlexClusterInFlexApi or AtlasErrorCodes.FeatureUnsupported)
            {
                return new ApiResolution(ResolvedApi.Tenant, null);
            }

            var failure = AtlasFailureTranslator.Common(e, AtlasApiFamily.Flex, credentials.Secret, spec.ProjectId)
                ?? (e.ErrorCode == AtlasErrorCodes.ClusterNotFound || e.HttpStatus == 404
                    ? RestoreFailure.Preflight(RestoreReasons.ClusterNotFound,
                        $"Source cluster {spec.ClusterName} does not exist in project {spec.ProjectId}.")
                    : AtlasFailureTranslator.Unexpected(e, $"the look-up of source cluster {spec.ClusterName}"));
            return new ApiResolution(null, failure);
        }
    }
}
