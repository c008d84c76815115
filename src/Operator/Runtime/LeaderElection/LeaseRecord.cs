namespace AtlasRestoreOperator.Operator.Runtime.LeaderElection;

/// <summary>
/// The leader-election fields of a coordination.k8s.io/v1 Lease, plus the resourceVersion it was read at
/// (the precondition for the next replace). A null or empty <see cref="HolderIdentity"/> means nobody holds it.
/// </summary>
public sealed record LeaseRecord(
    string? HolderIdentity,
    DateTimeOffset? AcquireTime,
    DateTimeOffset? RenewTime,
    int? LeaseDurationSeconds,
    int LeaseTransitions,
    string? ResourceVersion = null);
