using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime.LeaderElection;

/// <summary>An <see cref="ILeaseStore"/> on the API server's coordination.k8s.io/v1 leases.</summary>
public sealed class KubernetesLeaseStore(IKubernetes client, ObjectKey lease) : ILeaseStore
{
    public ObjectKey Lease { get; } = lease;

    public async Task<LeaseRecord?> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stored = await client.CoordinationV1.ReadNamespacedLeaseAsync(Lease.Name, Lease.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToRecord(stored);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<LeaseRecord> CreateAsync(LeaseRecord lease, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await client.CoordinationV1.CreateNamespacedLeaseAsync(ToLease(lease with { ResourceVersion = null }), Lease.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToRecord(stored);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new ResourceConflictException($"lease {Lease} was created by another candidate", e);
        }
    }

    public async Task<LeaseRecord> ReplaceAsync(LeaseRecord lease, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(ToLease(lease), Lease.Name, Lease.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ToRecord(stored);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // 404: the Lease was deleted since it was read; either way the view is stale and must be re-read.
            throw new ResourceConflictException($"lease {Lease} changed since it was read", e);
        }
    }

    private V1Lease ToLease(LeaseRecord record) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = Lease.Name, NamespaceProperty = Lease.Namespace, ResourceVersion = record.ResourceVersion },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = string.IsNullOrEmpty(record.HolderIdentity) ? null : record.HolderIdentity,
            AcquireTime = record.AcquireTime?.UtcDateTime,
            RenewTime = record.RenewTime?.UtcDateTime,
            LeaseDurationSeconds = record.LeaseDurationSeconds,
            LeaseTransitions = record.LeaseTransitions,
        },
    };

    private static LeaseRecord ToRecord(V1Lease lease) => new(
        lease.Spec?.HolderIdentity,
        ToOffset(lease.Spec?.AcquireTime),
        ToOffset(lease.Spec?.RenewTime),
        lease.Spec?.LeaseDurationSeconds,
        lease.Spec?.LeaseTransitions ?? 0,
        lease.Metadata?.ResourceVersion);

    private static DateTimeOffset? ToOffset(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind)).ToUniversalTime() : null;
}
