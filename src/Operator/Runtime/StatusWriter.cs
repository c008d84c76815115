using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// Writes the <c>/status</c> subresource of one kind of resource only when the desired status differs from the one the
/// object holds. Statuses are compared as JSON through the status's source-generated <see cref="JsonTypeInfo{T}"/>
/// (records compare their lists by reference; JSON compares what the API server would store). A write replaces the
/// status with the object's resourceVersion as its precondition, so a conflict
/// (<see cref="ResourceConflictException"/>) reaches the caller, who must re-read rather than act on a stale view.
/// </summary>
public sealed class StatusWriter<T, TStatus>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TStatus : class
{
    private readonly IResourceClient<T> resources;
    private readonly JsonTypeInfo<TStatus> statusType;
    private readonly Func<T, TStatus?> readStatus;
    private readonly Func<T, TStatus, T> withStatus;

    /// <param name="resources">The client that performs the conditional replace.</param>
    /// <param name="statusType">Source-generated JSON metadata of the status type.</param>
    /// <param name="readStatus">Reads the status an object holds (null when it has none).</param>
    /// <param name="withStatus">A copy of the object carrying the given status (and the object's resourceVersion).</param>
    public StatusWriter(IResourceClient<T> resources, JsonTypeInfo<TStatus> statusType, Func<T, TStatus?> readStatus, Func<T, TStatus, T> withStatus)
    {
        this.resources = resources ?? throw new ArgumentNullException(nameof(resources));
        this.statusType = statusType ?? throw new ArgumentNullException(nameof(statusType));
        this.readStatus = readStatus ?? throw new ArgumentNullException(nameof(readStatus));
        this.withStatus = withStatus ?? throw new ArgumentNullException(nameof(withStatus));
    }

    /// <summary>
    /// Replaces the status of <paramref name="current"/> (as read, with its resourceVersion) with
    /// <paramref name="desired"/> unless they are equal. Returns the stored object (unchanged when nothing was written).
    /// </summary>
    public async Task<StatusWriteResult<T>> WriteAsync(T current, TStatus desired, CancellationToken cancellationToken)
    {
        if (IsUnchanged(current, desired))
        {
            return new StatusWriteResult<T>(current, Written: false);
        }

        return new StatusWriteResult<T>(await ClaimAsync(current, desired, cancellationToken).ConfigureAwait(false), Written: true);
    }

    /// <summary>
    /// Replaces the status of <paramref name="current"/> with <paramref name="desired"/> even when they are equal, and
    /// returns the stored object: for a write whose resourceVersion precondition is itself the point (a claim that
    /// must fail with a conflict if anyone else wrote since <paramref name="current"/> was read).
    /// </summary>
    public Task<T> ClaimAsync(T current, TStatus desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        return resources.ReplaceStatusAsync(withStatus(current, desired), cancellationToken);
    }

    private bool IsUnchanged(T current, TStatus desired)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        return readStatus(current) is { } stored
            && JsonSerializer.SerializeToUtf8Bytes(stored, statusType).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(desired, statusType));
    }
}
