namespace AtlasRestoreOperator.Operator.Runtime.LeaderElection;

/// <summary>
/// Reads and writes the one Lease a <see cref="LeaderElector"/> campaigns for. Writes are optimistic: a create of an
/// existing Lease, or a replace whose <see cref="LeaseRecord.ResourceVersion"/> is stale, throws
/// <see cref="ResourceConflictException"/>, and the caller re-reads.
/// </summary>
public interface ILeaseStore
{
    /// <summary>The Lease's namespace/name, for logs.</summary>
    ObjectKey Lease { get; }

    /// <summary>The Lease as stored now, or null when it does not exist.</summary>
    Task<LeaseRecord?> GetAsync(CancellationToken cancellationToken);

    /// <summary>Creates the Lease; returns it as stored (with its resourceVersion).</summary>
    Task<LeaseRecord> CreateAsync(LeaseRecord lease, CancellationToken cancellationToken);

    /// <summary>Replaces the Lease with <see cref="LeaseRecord.ResourceVersion"/> as precondition; returns it as stored.</summary>
    Task<LeaseRecord> ReplaceAsync(LeaseRecord lease, CancellationToken cancellationToken);
}
