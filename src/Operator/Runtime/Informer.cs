using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// Keeps an in-memory cache of one resource kind in sync with the API server and reports which keys changed.
/// Per namespace (or once for all namespaces): list, then watch from the list's resourceVersion with bookmarks and a
/// server-side timeout chosen uniformly in [MinWatchTimeout, MaxWatchTimeout]; resume each new watch from the last
/// resourceVersion seen (bookmarks advance it); on 410 Expired re-list and report the difference, deletions included;
/// after an error reconnect with jittered exponential backoff. A watch that goes silent for longer than
/// <see cref="InformerOptions.StaleAfter"/> is aborted and shows as unhealthy.
/// </summary>
public sealed class Informer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private const string AllNamespacesScope = "*";

    private readonly IResourceListWatcher<T> _source;
    private readonly InformerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RuntimeMetrics? _metrics;
    private readonly Random _random;
    private readonly ConcurrentDictionary<ObjectKey, T> _cache = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastActivity = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _synced = new(StringComparer.Ordinal);
    private int _running;

    public Informer(
        KubernetesResourceClient<T> client, InformerOptions options, TimeProvider timeProvider, ILogger<Informer<T>> logger, RuntimeMetrics? metrics = null)
        : this((IResourceListWatcher<T>)client, options, timeProvider, logger, metrics, random: null)
    {
    }

    internal Informer(
        IResourceListWatcher<T> source, InformerOptions options, TimeProvider timeProvider, ILogger logger, RuntimeMetrics? metrics, Random? random)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _source = source;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _random = random ?? Random.Shared;
    }

    /// <summary>Raised with the key of every object that was added, changed or deleted (including by a re-list).</summary>
    public event Action<ObjectKey>? Changed;

    /// <summary>True once every namespace has been listed at least once in the current run.</summary>
    public bool HasSynced
    {
        get
        {
            var scopes = Scopes();
            return Volatile.Read(ref _running) == 1 && scopes.All(scope => _synced.ContainsKey(scope ?? AllNamespacesScope));
        }
    }

    /// <summary>
    /// When the stalest list/watch stream last showed life (a list, an event, a bookmark or a clean close);
    /// null while the informer is not running.
    /// </summary>
    public DateTimeOffset? LastEventAt => _lastActivity.IsEmpty ? null : _lastActivity.Values.Min();

    /// <summary>Number of cached objects.</summary>
    public int Count => _cache.Count;

    /// <summary>The cached keys.</summary>
    public IReadOnlyCollection<ObjectKey> Keys => _cache.Keys.ToList();

    /// <summary>
    /// False when a running informer has had no sign of life on some stream for longer than
    /// <paramref name="staleAfter"/> (default: <see cref="InformerOptions.StaleAfter"/>, else twice the max watch timeout).
    /// An informer that is not running (for example on a standby replica) is healthy.
    /// </summary>
    public bool IsHealthy(TimeSpan? staleAfter = null)
    {
        var last = LastEventAt;
        return last is null || _timeProvider.GetUtcNow() - last.Value <= (staleAfter ?? _options.EffectiveStaleAfter);
    }

    /// <summary>The cached object for the key, as last listed or watched.</summary>
    public bool TryGet(ObjectKey key, [MaybeNullWhen(false)] out T value) => _cache.TryGetValue(key, out value);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled; returns normally then.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The informer is already running.");
        }

        try
        {
            // A new run (for example after regaining leadership) reports every object again.
            _cache.Clear();
            _synced.Clear();
            await Task.WhenAll(Scopes().Select(scope => RunScopeAsync(scope, cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            _lastActivity.Clear();
            _synced.Clear();
            Volatile.Write(ref _running, 0);
        }
    }

    private IReadOnlyList<string?> Scopes() =>
        _options.Namespaces.Count == 0 ? [null] : _options.Namespaces.Distinct(StringComparer.Ordinal).Select(name => (string?)name).ToList();

    private async Task RunScopeAsync(string? @namespace, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var scope = @namespace ?? AllNamespacesScope;
        string? resourceVersion = null;
        var consecutiveFailures = 0;
        var consecutiveExpiries = 0;
        Touch(scope);
        while (!cancellationToken.IsCancellationRequested)
        {
            var staleAfter = _options.EffectiveStaleAfter;
            using var stallGuard = new CancellationTokenSource(staleAfter, _timeProvider);
            using var watchCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stallGuard.Token);
            try
            {
                if (resourceVersion is null)
                {
                    var list = await _source.ListAsync(@namespace, watchCancellation.Token).ConfigureAwait(false);
                    ApplyList(@namespace, list.Items);
                    resourceVersion = list.ResourceVersion;
                    _synced[scope] = true;
                    Touch(scope);
                    stallGuard.CancelAfter(staleAfter);
                    _logger.LogInformation(
                        "Listed {Count} objects in {Scope} at resourceVersion {ResourceVersion}", list.Items.Count, scope, resourceVersion);
                }

                var timeoutSeconds = PickWatchTimeoutSeconds();
                await foreach (var watchEvent in _source.WatchAsync(@namespace, resourceVersion, allowBookmarks: true, timeoutSeconds, watchCancellation.Token)
                    .WithCancellation(watchCancellation.Token).ConfigureAwait(false))
                {
                    stallGuard.CancelAfter(staleAfter);
                    Touch(scope);
                    Apply(watchEvent);
                    if (!string.IsNullOrEmpty(watchEvent.ResourceVersion))
                    {
                        resourceVersion = watchEvent.ResourceVersion;
                    }

                    consecutiveFailures = 0;
                    consecutiveExpiries = 0;
                }

                // The server closed the stream (its timeout): watch again from where we are.
                Touch(scope);
                consecutiveFailures = 0;
                CountRestart("timeout");
                _logger.LogDebug("Watch of {Scope} ended at resourceVersion {ResourceVersion}; resuming", scope, resourceVersion);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ResourceExpiredException ex)
            {
                CountRestart("expired");
                _logger.LogInformation(
                    "Watch of {Scope} from resourceVersion {ResourceVersion} expired ({Message}); re-listing", scope, resourceVersion, ex.Message);
                resourceVersion = null;

                // Re-list at once the first time; if the fresh list expires again before any event, back off
                // instead of hammering the API server with lists.
                if (consecutiveExpiries++ > 0 && !await DelayAsync(ReconnectDelay(consecutiveExpiries - 2), cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (Exception ex)
            {
                CountRestart("error");
                var delay = ReconnectDelay(consecutiveFailures++);
                if (stallGuard.IsCancellationRequested)
                {
                    _logger.LogWarning(
                        "Watch of {Scope} showed no event or bookmark for {StaleAfter}; reconnecting in {Delay}", scope, staleAfter, delay);
                }
                else
                {
                    _logger.LogWarning(ex, "List/watch of {Scope} failed; reconnecting in {Delay}", scope, delay);
                }

                if (!await DelayAsync(delay, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
    }

    /// <summary>Waits on the TimeProvider; false when the run was cancelled meanwhile.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Apply(ResourceWatchEvent<T> watchEvent)
    {
        switch (watchEvent.Kind)
        {
            case WatchEventKind.Added:
            case WatchEventKind.Modified:
                if (KeyOf(watchEvent.Object) is { } upserted)
                {
                    _cache[upserted] = watchEvent.Object!;
                    Emit(upserted);
                }

                break;
            case WatchEventKind.Deleted:
                if (KeyOf(watchEvent.Object) is { } deleted)
                {
                    _cache.TryRemove(deleted, out _);
                    Emit(deleted);
                }

                break;
            case WatchEventKind.Bookmark:
                break;
            case WatchEventKind.Error:
                var status = watchEvent.Error;
                if (status?.Code == 410)
                {
                    throw new ResourceExpiredException(status.Message ?? "resource version expired");
                }

                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The watch returned an error: {status?.Code} {status?.Reason}: {status?.Message}"));
        }
    }

    private void ApplyList(string? @namespace, IReadOnlyList<T> items)
    {
        var listed = new HashSet<ObjectKey>();
        var changed = new List<ObjectKey>();
        foreach (var item in items)
        {
            if (KeyOf(item) is not { } key)
            {
                continue;
            }

            listed.Add(key);
            if (!_cache.TryGetValue(key, out var cached)
                || !string.Equals(cached.Metadata?.ResourceVersion, item.Metadata?.ResourceVersion, StringComparison.Ordinal))
            {
                _cache[key] = item;
                changed.Add(key);
            }
        }

        // Objects deleted while we were not watching exist only in the cache now: report them gone.
        foreach (var key in _cache.Keys)
        {
            if ((@namespace is null || key.Namespace == @namespace) && !listed.Contains(key) && _cache.TryRemove(key, out _))
            {
                changed.Add(key);
            }
        }

        foreach (var key in changed)
        {
            Emit(key);
        }
    }

    private void Emit(ObjectKey key)
    {
        try
        {
            Changed?.Invoke(key);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A change handler failed for {Key}", key);
        }
    }

    private static ObjectKey? KeyOf(T? item) =>
        item?.Metadata is { Name: { Length: > 0 } name } metadata
            ? new ObjectKey(metadata.NamespaceProperty ?? string.Empty, name)
            : null;

    private void Touch(string scope) => _lastActivity[scope] = _timeProvider.GetUtcNow();

    private int PickWatchTimeoutSeconds()
    {
        var min = (int)_options.MinWatchTimeout.TotalSeconds;
        var max = (int)_options.MaxWatchTimeout.TotalSeconds;
        return _random.Next(min, max + 1);
    }

    internal TimeSpan ReconnectDelay(int consecutiveFailures)
    {
        var delay = _options.ReconnectBaseDelay;
        for (var i = 0; i < consecutiveFailures && delay < _options.ReconnectMaxDelay; i++)
        {
            delay += delay;
        }

        if (delay > _options.ReconnectMaxDelay)
        {
            delay = _options.ReconnectMaxDelay;
        }

        // Jitter into [d/2, d] so replicas and namespaces do not reconnect in lockstep.
        return delay * (0.5 + (_random.NextDouble() * 0.5));
    }

    private void CountRestart(string reason) =>
        _metrics?.WatchRestarts.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
