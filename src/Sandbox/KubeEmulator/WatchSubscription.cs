using System.Threading.Channels;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>An open watch registered with the store; the store writes matching events into it in commit order.</summary>
internal sealed class WatchSubscription(string resourceKey, string? namespaceFilter)
{
    private readonly Channel<WatchSignal> _channel = Channel.CreateUnbounded<WatchSignal>(new UnboundedChannelOptions { SingleReader = true });

    public string ResourceKey { get; } = resourceKey;

    public string? NamespaceFilter { get; } = namespaceFilter;

    public ChannelReader<WatchSignal> Reader => _channel.Reader;

    /// <summary>Set when the store refused the start point as too old: the floor of the retained history.</summary>
    public long? ExpiredFloor { get; init; }

    public bool Matches(StoredEvent e) =>
        e.ResourceKey == ResourceKey
        && (NamespaceFilter is null || KubeObject.Namespace(e.Object) == NamespaceFilter);

    public void Publish(WatchSignal signal) => _channel.Writer.TryWrite(signal);

    public void Close() => _channel.Writer.TryComplete();
}
