using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>
/// An in-memory resource client for one widget that records every status replace and, like the API server, refuses
/// one whose resourceVersion is not the stored one.
/// </summary>
internal sealed class CountingWidgetStatusClient(TestWidget stored) : IResourceClient<TestWidget>
{
    private readonly List<TestWidget> statusReplaces = [];
    private long version = long.Parse(stored.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);

    public TestWidget Stored { get; private set; } = stored;

    /// <summary>Every object sent to the status subresource, in order, as sent.</summary>
    public IReadOnlyList<TestWidget> StatusReplaces => statusReplaces;

    public Task<TestWidget?> GetAsync(ObjectKey key, CancellationToken cancellationToken) => Task.FromResult<TestWidget?>(Stored);

    public Task<TestWidget> ReplaceStatusAsync(TestWidget resource, CancellationToken cancellationToken)
    {
        statusReplaces.Add(resource);
        if (resource.Metadata.ResourceVersion != Stored.Metadata.ResourceVersion)
        {
            throw new ResourceConflictException($"stale resourceVersion {resource.Metadata.ResourceVersion}");
        }

        var updated = TestWidget.Create(Stored.Metadata.NamespaceProperty, Stored.Metadata.Name, (++version).ToString(System.Globalization.CultureInfo.InvariantCulture));
        updated.Spec = Stored.Spec;
        updated.Status = resource.Status;
        Stored = updated;
        return Task.FromResult(updated);
    }

    public Task<TestWidget> PatchFinalizersAsync(TestWidget resource, IReadOnlyList<string> finalizers, CancellationToken cancellationToken) =>
        throw new NotSupportedException("status writes only");
}
