using System.Threading.Channels;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>
/// A list/watch source driven by the test: list calls take the next scripted answer, and every watch call is
/// published as a <see cref="ScriptedWatch"/> the test then feeds.
/// </summary>
internal sealed class ScriptedListWatcher : IResourceListWatcher<TestWidget>
{
    private readonly Channel<Func<ResourceList<TestWidget>>> _listAnswers = Channel.CreateUnbounded<Func<ResourceList<TestWidget>>>();
    private readonly Channel<ScriptedWatch> _watches = Channel.CreateUnbounded<ScriptedWatch>();
    private readonly Channel<string?> _lists = Channel.CreateUnbounded<string?>();
    private int _listCount;

    public int ListCount => Volatile.Read(ref _listCount);

    public void AnswerList(string resourceVersion, params TestWidget[] items) =>
        _listAnswers.Writer.TryWrite(() => new ResourceList<TestWidget>(items, resourceVersion));

    public void FailList(Exception exception) => _listAnswers.Writer.TryWrite(() => throw exception);

    public Task<ScriptedWatch> NextWatchAsync() => _watches.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public Task<string?> NextListAsync() => _lists.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool HasPendingWatch => _watches.Reader.Count > 0;

    public async Task<ResourceList<TestWidget>> ListAsync(string? @namespace, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listCount);
        _lists.Writer.TryWrite(@namespace);
        var answer = await _listAnswers.Reader.ReadAsync(cancellationToken);
        return answer();
    }

    public IAsyncEnumerable<ResourceWatchEvent<TestWidget>> WatchAsync(
        string? @namespace, string resourceVersion, bool allowBookmarks, int timeoutSeconds, CancellationToken cancellationToken)
    {
        allowBookmarks.Should().BeTrue("the informer always asks for bookmarks");
        var watch = new ScriptedWatch(@namespace, resourceVersion, timeoutSeconds);
        _watches.Writer.TryWrite(watch);
        return watch.ReadAsync(cancellationToken);
    }
}
