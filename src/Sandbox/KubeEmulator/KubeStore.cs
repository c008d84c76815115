using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// The state of the emulated cluster: resources (built-in and from CRDs), objects, one global resourceVersion counter,
/// a bounded history of changes for watch replay, and the open watches. Thread-safe: every read and write takes one lock,
/// which also keeps events in commit order for every watcher.
/// A store outlives an emulator: pass it to a new <see cref="KubeApiEmulator"/> to restart with the state kept.
/// </summary>
public sealed class KubeStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _historySize;
    private readonly Dictionary<string, ResourceDefinition> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly Queue<StoredEvent> _history = new();
    private readonly List<WatchSubscription> _watchers = [];
    private long _resourceVersion;
    private long _historyFloor;

    public KubeStore(TimeProvider? timeProvider = null, int watchHistorySize = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(watchHistorySize, 1);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _historySize = watchHistorySize;
        foreach (var definition in BuiltInResources.Create())
        {
            _resources[definition.Key] = definition;
        }

        foreach (var name in new[] { "default", "kube-system", "kube-public" })
        {
            var ns = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["uid"] = Guid.NewGuid().ToString(),
                    ["creationTimestamp"] = KubeObject.FormatTimestamp(_timeProvider.GetUtcNow()),
                },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            };
            Write(_resources[BuiltInResources.NamespaceKey], null, name, _ => new StoreWriteIntent(ns));
        }
    }

    /// <summary>The newest resourceVersion handed out.</summary>
    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>The served resources, built-in and CRD-defined.</summary>
    public IReadOnlyList<ResourceDefinition> Resources
    {
        get
        {
            lock (_gate)
            {
                return [.. _resources.Values];
            }
        }
    }

    /// <summary>Forgets the watch history: a watch that resumes from any resourceVersion older than now gets 410 Expired.</summary>
    public void ExpireHistory()
    {
        lock (_gate)
        {
            _history.Clear();
            _historyFloor = _resourceVersion;
        }
    }

    /// <summary>A copy of one object, or null.</summary>
    public JsonObject? Get(string group, string plural, string? @namespace, string name)
    {
        lock (_gate)
        {
            var definition = FindResource(group, plural);
            return definition is null ? null : GetLocked(definition, @namespace, name)?.DeepClone().AsObject();
        }
    }

    /// <summary>Copies of all objects of a resource (in one namespace, or all when null), ordered by namespace and name.</summary>
    public IReadOnlyList<JsonObject> List(string group, string plural, string? @namespace = null) => ListWithVersion(group, plural, @namespace).Items;

    internal (IReadOnlyList<JsonObject> Items, long ResourceVersion) ListWithVersion(string group, string plural, string? @namespace)
    {
        lock (_gate)
        {
            var definition = FindResource(group, plural);
            if (definition is null || !_objects.TryGetValue(definition.Key, out var objects))
            {
                return ([], _resourceVersion);
            }

            var items = objects.Values
                .Where(o => @namespace is null || KubeObject.Namespace(o) == @namespace)
                .Select(o => o.DeepClone().AsObject())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    internal ResourceDefinition? FindResource(string group, string plural)
    {
        lock (_gate)
        {
            return _resources.GetValueOrDefault(group.Length == 0 ? plural : $"{plural}.{group}");
        }
    }

    internal bool NamespaceExists(string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(BuiltInResources.NamespaceKey, out var namespaces) && namespaces.ContainsKey(ObjectKey(null, name));
        }
    }

    /// <summary>
    /// Reads the current object (a copy, or null), lets <paramref name="decide"/> choose the new state and commits it, all
    /// under the lock. <paramref name="decide"/> may throw to refuse the write. A new state identical to the stored one
    /// is a no-op (no new resourceVersion, no event); a terminating object whose last finalizer is gone is removed.
    /// </summary>
    internal StoreWriteResult Write(ResourceDefinition definition, string? @namespace, string name, Func<JsonObject?, StoreWriteIntent> decide)
    {
        lock (_gate)
        {
            var current = GetLocked(definition, @namespace, name);
            var intent = decide(current?.DeepClone().AsObject());
            if (intent.Delete)
            {
                return current is null ? new StoreWriteResult(null, false, false) : new StoreWriteResult(RemoveLocked(definition, current), false, true);
            }

            if (intent.NewObject is not { } updated)
            {
                return new StoreWriteResult(current?.DeepClone().AsObject(), false, false);
            }

            if (current is not null && KubeObject.IsDeleting(updated) && KubeObject.Finalizers(updated).Count == 0)
            {
                return new StoreWriteResult(RemoveLocked(definition, updated), false, true);
            }

            KubeObject.Metadata(updated)["resourceVersion"] = KubeObject.ResourceVersion(current ?? updated);
            if (current is not null && JsonNode.DeepEquals(current, updated))
            {
                return new StoreWriteResult(current.DeepClone().AsObject(), false, false);
            }

            // Read a CRD before committing it: a definition the emulator cannot serve faithfully throws and nothing is stored.
            var crdDefinition = definition.Key == BuiltInResources.CrdKey ? CrdDefinitionReader.Read(updated) : null;
            var rv = ++_resourceVersion;
            KubeObject.Metadata(updated)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stored = updated.DeepClone().AsObject();
            if (!_objects.TryGetValue(definition.Key, out var objects))
            {
                objects = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
                _objects[definition.Key] = objects;
            }

            objects[ObjectKey(@namespace, name)] = stored;
            AppendLocked(new StoredEvent(rv, definition.Key, current is null ? ChangeType.Added : ChangeType.Modified, stored, current));
            if (crdDefinition is not null)
            {
                RegisterCrdLocked(crdDefinition);
            }

            return new StoreWriteResult(stored.DeepClone().AsObject(), current is null, false);
        }
    }

    /// <summary>Raised (with the resource key, e.g. "widgets.example.com") when a watch stream has been registered and its
    /// bookmark and timeout timers run, so tests can act (or advance a fake clock) once a client is watching instead of sleeping.</summary>
    public event Action<string>? WatchOpened;

    /// <summary>The number of open watch streams.</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    internal void RaiseWatchOpened(string resourceKey) => WatchOpened?.Invoke(resourceKey);

    internal WatchSubscription Subscribe(ResourceDefinition definition, string? @namespace, long? fromResourceVersion)
    {
        lock (_gate)
        {
            if (fromResourceVersion is { } from && from < _historyFloor)
            {
                return new WatchSubscription(definition.Key, @namespace) { ExpiredFloor = _historyFloor };
            }

            var subscription = new WatchSubscription(definition.Key, @namespace);
            if (fromResourceVersion is { } since)
            {
                foreach (var e in _history.Where(e => e.ResourceVersion > since && subscription.Matches(e)))
                {
                    subscription.Publish(new WatchSignal(e, 0));
                }
            }
            else if (_objects.TryGetValue(definition.Key, out var objects))
            {
                foreach (var obj in objects.Values.Where(o => @namespace is null || KubeObject.Namespace(o) == @namespace))
                {
                    var rv = long.Parse(KubeObject.ResourceVersion(obj) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
                    subscription.Publish(new WatchSignal(new StoredEvent(rv, definition.Key, ChangeType.Added, obj, null), 0));
                }
            }

            _watchers.Add(subscription);
            return subscription;
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _watchers.Remove(subscription);
        }

        subscription.Close();
    }

    /// <summary>Queues a BOOKMARK behind every event already delivered to the watch, at the current resourceVersion.</summary>
    internal void RequestBookmark(WatchSubscription subscription)
    {
        lock (_gate)
        {
            subscription.Publish(new WatchSignal(null, _resourceVersion));
        }
    }

    /// <summary>Ends every open watch stream; clients reconnect from their last resourceVersion.</summary>
    internal void CloseAllWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Close();
            }

            _watchers.Clear();
        }
    }

    private JsonObject? GetLocked(ResourceDefinition definition, string? @namespace, string name) =>
        _objects.TryGetValue(definition.Key, out var objects) ? objects.GetValueOrDefault(ObjectKey(@namespace, name)) : null;

    private JsonObject RemoveLocked(ResourceDefinition definition, JsonObject finalState)
    {
        var @namespace = KubeObject.Namespace(finalState);
        var name = KubeObject.Name(finalState);
        var old = GetLocked(definition, @namespace, name);
        _objects[definition.Key].Remove(ObjectKey(@namespace, name));
        var rv = ++_resourceVersion;
        var last = finalState.DeepClone().AsObject();
        KubeObject.Metadata(last)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        AppendLocked(new StoredEvent(rv, definition.Key, ChangeType.Deleted, last, old));

        if (definition.Key == BuiltInResources.CrdKey && CrdDefinitionReader.TryResourceKey(last) is { } crdResourceKey)
        {
            // Deleting a CRD deletes its objects and takes the resource out of discovery.
            if (_resources.Remove(crdResourceKey, out var crdDefinition))
            {
                RemoveAllLocked(crdDefinition, _ => true);
            }
        }
        else if (definition.Key == BuiltInResources.NamespaceKey)
        {
            foreach (var namespacedDefinition in _resources.Values.Where(r => r.Namespaced).ToList())
            {
                RemoveAllLocked(namespacedDefinition, o => KubeObject.Namespace(o) == name);
            }
        }

        return last.DeepClone().AsObject();
    }

    private void RemoveAllLocked(ResourceDefinition definition, Func<JsonObject, bool> predicate)
    {
        if (_objects.TryGetValue(definition.Key, out var objects))
        {
            foreach (var obj in objects.Values.Where(predicate).ToList())
            {
                RemoveLocked(definition, obj);
            }
        }
    }

    private void RegisterCrdLocked(ResourceDefinition definition)
    {
        if (definition.Versions.Count == 0)
        {
            _resources.Remove(definition.Key);
            return;
        }

        _resources[definition.Key] = definition;
    }

    private void AppendLocked(StoredEvent storedEvent)
    {
        _history.Enqueue(storedEvent);
        while (_history.Count > _historySize)
        {
            _historyFloor = _history.Dequeue().ResourceVersion;
        }

        foreach (var watcher in _watchers.Where(w => w.Matches(storedEvent)))
        {
            watcher.Publish(new WatchSignal(storedEvent, 0));
        }
    }

    private static string ObjectKey(string? @namespace, string name) => $"{@namespace}/{name}";
}
