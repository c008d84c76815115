using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// The read-only checks made before any POST (reference §5.1): the snapshot exists, is COMPLETED and has not passed
/// its expiration (Atlas deletes it then, so a restore from it cannot succeed); the target
/// cluster exists in the target project (Flex API first, then the cluster API); its MongoDB major version equals the
/// snapshot's; it has no encryption at rest. Returns null when all pass. Ambiguous errors propagate as retries.
/// </summary>
public sealed class RestorePreflight(IAtlasClient atlas, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public async Task<RestoreFailure?> CheckAsync(
        AtlasSharedRestoreSpec spec, ResolvedCredentials credentials, ResolvedApi api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(credentials);
        var family = api.ToFamily();

        AtlasSnapshot snapshot;
        try
        {
            snapshot = await atlas.GetSnapshotAsync(credentials.Credentials, family, spec.ProjectId, spec.ClusterName, spec.SnapshotId, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Rejected)
        {
            return SnapshotFailure(e, spec, family, credentials.Secret);
        }

        if (!string.Equals(snapshot.Status, "COMPLETED", StringComparison.OrdinalIgnoreCase))
        {
            return RestoreFailure.Preflight(RestoreReasons.SnapshotNotCompleted,
                $"Snapshot {spec.SnapshotId} of cluster {spec.ClusterName} is {snapshot.Status ?? "in an unknown state"}, not COMPLETED; restore a completed snapshot.");
        }

        if (snapshot.Expiration is { } expiration && expiration <= clock.GetUtcNow())
        {
            return RestoreFailure.Preflight(RestoreReasons.SnapshotExpired,
                $"Snapshot {spec.SnapshotId} of cluster {spec.ClusterName} expired at {expiration.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; restore a newer snapshot.");
        }

        var target = await ReadTargetAsync(spec, credentials, cancellationToken).ConfigureAwait(false);
        if (target.Failure is not null)
        {
            return target.Failure;
        }

        var snapshotMajor = MajorVersion(snapshot.MongoDBVersion);
        var targetMajor = MajorVersion(target.MajorVersion);
        if (snapshotMajor is not null && targetMajor is not null && snapshotMajor != targetMajor)
        {
            return RestoreFailure.Preflight(RestoreReasons.VersionMismatch,
                $"Target cluster {spec.TargetDeploymentItemName} runs MongoDB {targetMajor} but snapshot {spec.SnapshotId} is from MongoDB {snapshotMajor}; Atlas restores only onto the same major version.");
        }

        if (!string.IsNullOrEmpty(target.EncryptionAtRestProvider)
            && !string.Equals(target.EncryptionAtRestProvider, "NONE", StringComparison.OrdinalIgnoreCase))
        {
            return RestoreFailure.Preflight(RestoreReasons.EncryptionAtRest,
                $"Target cluster {spec.TargetDeploymentItemName} uses encryption at rest ({target.EncryptionAtRestProvider}), which Atlas does not allow as a restore target.");
        }

        return null;
    }

    /// <summary>The major version ("8" from "8.0.29" or "8.0"), or null when unknown.</summary>
    public static string? MajorVersion(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var trimmed = version.Trim();
        var dot = trimmed.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? trimmed : trimmed[..dot];
    }

    private static RestoreFailure SnapshotFailure(AtlasApiException e, AtlasSharedRestoreSpec spec, AtlasApiFamily family, SecretLocation secret)
    {
        if (AtlasFailureTranslator.Common(e, family, secret, spec.ProjectId) is { } common)
        {
            return common;
        }

        return e.ErrorCode switch
        {
            AtlasErrorCodes.ClusterNotFound => RestoreFailure.Preflight(RestoreReasons.ClusterNotFound,
                $"Source cluster {spec.ClusterName} does not exist in project {spec.ProjectId}."),
            AtlasErrorCodes.NonFlexClusterInFlexApi => RestoreFailure.Preflight(RestoreReasons.NotFlexCluster,
                $"Source cluster {spec.ClusterName} is not a Flex cluster, so api: Flex cannot restore it; use api: Auto."),
            _ when e.HttpStatus == 404 || e.ErrorCode == AtlasErrorCodes.SnapshotNotFound => RestoreFailure.Preflight(RestoreReasons.SnapshotNotFound,
                $"Snapshot {spec.SnapshotId} does not exist for cluster {spec.ClusterName} in project {spec.ProjectId}."),
            _ => AtlasFailureTranslator.Unexpected(e, $"the look-up of snapshot {spec.SnapshotId}"),
        };
    }

    private async Task<RestoreTargetFacts> ReadTargetAsync(AtlasSharedRestoreSpec spec, ResolvedCredentials credentials, CancellationToken cancellationToken)
    {
        var project = spec.EffectiveTargetProjectId;
        var name = spec.TargetDeploymentItemName;
        try
        {
            var flex = await atlas.GetFlexClusterAsync(credentials.Credentials, project, name, cancellationToken).ConfigureAwait(false);
            return new RestoreTargetFacts(flex.MongoDBVersion, null, null);
        }
        catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Rejected
            && e.ErrorCode is AtlasErrorCodes.NonFlexClusterInFlexApi or AtlasErrorCodes.ClusterNotFound)
        {
            // Not a Flex cluster, or not one the Flex API knows: ask the cluster API (same order as MongoDB's CLI).
        }
        catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Rejected)
        {
            return new RestoreTargetFacts(null, null, TargetFailure(e, spec, credentials.Secret));
        }

        try
        {
            var cluster = await atlas.GetClusterAsync(credentials.Credentials, project, name, cancellationToken).ConfigureAwait(false);
            return new RestoreTargetFacts(cluster.MongoDBMajorVersion ?? cluster.MongoDBVersion, cluster.EncryptionAtRestProvider, null);
        }
        catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Rejected)
        {
            return new RestoreTargetFacts(null, null, TargetFailure(e, spec, credentials.Secret));
        }
    }

    private static RestoreFailure TargetFailure(AtlasApiException e, AtlasSharedRestoreSpec spec, SecretLocation secret)
    {
        var project = spec.EffectiveTargetProjectId;
        if (AtlasFailureTranslator.Common(e, AtlasApiFamily.Flex, secret, project) is { } common)
        {
            return common;
        }

        return e.ErrorCode == AtlasErrorCodes.ClusterNotFound || e.HttpStatus == 404
            ? RestoreFailure.Preflight(RestoreReasons.ClusterNotFound,
                $"Target cluster {spec.TargetDeploymentItemName} does not exist in project {project}.")
            : AtlasFailureTranslator.Unexpected(e, $"the look-up of target cluster {spec.TargetDeploymentItemName}");
    }
}
