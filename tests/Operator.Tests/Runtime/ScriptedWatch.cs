using System.Threading.Channels;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>One watch call the informer made; the test feeds it events, ends it, or fails it.</summary>
public sealed class ScriptedWatch(string? @namespace, string resourceVersion, int timeoutSeconds)
{
    private readonly Channel<Func<ResourceWatchEvent<TestWidget>>> _lines = Channel.CreateUnbounded<Func<ResourceWatchEvent<TestWidget>>>();

    public string? Namespace { get; } = @namespace;

    public string ResourceVersion { get; } = resourceVersion;

    public int TimeoutSeconds { get; } = timeoutSeconds;

    public void Added(TestWidget widget) => Send(new(WatchEventKind.Added, widget, widget.Metadata.ResourceVersion, null));

    public void Modified(TestWidget widget) => Send(new(WatchEventKind.Modified, widget, widget.Metadata.ResourceVersion, null));

    public void Deleted(TestWidget widget) => Send(new(WatchEventKind.Deleted, widget, widget.Metadata.ResourceVersion, null));

    public void Bookmark(string resourceVersion) => Send(new(WatchEventKind.Bookmark, null, resourceVersion, null));

    public void Expired() =>
        Send(new(WatchEventKind.Error, null, null, new WatchErrorStatus(410, "Expired", "too old resource version")));

    public void Send(ResourceWatchEvent<TestWidget> watchEvent) => _lines.Writer.TryWrite(() => watchEvent);

    public void Fail(Exception exception) => _lines.Writer.TryWrite(() => throw exception);

    /// <summary>The server closes the stream (its timeout elapsed).</summary>
    public void End() => _lines.Writer.TryComplete();

    internal async IAsyncEnumerable<ResourceWatchEvent<TestWidget>> ReadAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in _lines.Reader.ReadAllAsync(cancellationToken))
        {
            yield return line();
        }
    }
}
