namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// The Atlas Admin API calls the operator makes. Every call takes the credentials to use (they differ per object);
/// failures throw <see cref="AtlasApiException"/>. List calls follow every page.
/// </summary>
public interface IAtlasClient
{
    Task<AtlasRestoreJob> CreateRestoreJobAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, AtlasRestoreRequest request, CancellationToken cancellationToken);

    Task<AtlasRestoreJob> GetRestoreJobAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, string jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AtlasRestoreJob>> ListRestoreJobsAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, CancellationToken cancellationToken);

    Task<AtlasSnapshot> GetSnapshotAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, string snapshotId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AtlasSnapshot>> ListSnapshotsAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, CancellationToken cancellationToken);

    Task<AtlasFlexCluster> GetFlexClusterAsync(AtlasCredentials credentials, string groupId, string name, CancellationToken cancellationToken);

    Task<AtlasDedicatedCluster> GetClusterAsync(AtlasCredentials credentials, string groupId, string name, CancellationToken cancellationToken);
}
