namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// The Atlas Admin API calls the operator makes. Every call takes the credentials to use (they differ per object);
/// failures throw <see cref="AtlasApiException"/>. List calls follow every page.
/// </summary>
public interface IAtlasClient
{
    /// <summary>
    /// How long until the client-side limiter of project <paramref name="groupId"/> lets <paramref name="calls"/> requests
    /// go without waiting (zero when it does now), so a caller can start a multi-call step only when it will not stall.
    /// </summary>
    TimeSpan PermitsFreeIn(string groupId, int calls);

    Task<AtlasRestoreJob> CreateRestoreJobAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, AtlasRestoreRequest request, CancellationToken cancellationToken);

    Task<AtlasRestoreJob> GetRestoreJobAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, string jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AtlasRestoreJob>> ListRestoreJobsAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, CancellationToken cancellationToken);

    Task<AtlasSnapshot> GetSnapshotAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, string snapshotId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AtlasSnapshot>> ListSnapshotsAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, CancellationToken cancellationToken);

    Task<AtlasFlexCluster> GetFlexClusterAsync(AtlasCredentials credentials, string groupId, string name, CancellationToken cancellationToken);

    Task<AtlasDedicatedCluster> GetClusterAsync(AtlasCredentials credentials, string groupId, string name, CancellationToken cancellationToken);
}
