using System.Text.Json;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Runtime;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

/// <summary>
/// An in-memory API server for AtlasSharedRestore: copies on every read and write, bumps resourceVersion, refuses
/// stale writes with <see cref="ResourceConflictException"/>, removes a deleting object once its finalizers are gone,
/// and can inject conflicts that stand for another writer.
/// </summary>
internal sealed class FakeRestoreStore(OperationJournal journal) : IResourceClient<AtlasSharedRestore>
{
    private readonly Dictionary<ObjectKey, AtlasSharedRestore> objects = [];
    private readonly List<AtlasSharedRestoreStatus?> statusWrites = [];
    private readonly HashSet<int> conflictingAttempts = [];
    private long resourceVersion = 100;
    private int statusWriteAttempts;

    /// <summary>How many of the next status writes fail as if another writer had changed the object first.</summary>
    public int ConflictsOnNextStatusWrites { get; set; }

    /// <summary>Every status that was stored, in order.</summary>
    public IReadOnlyList<AtlasSharedRestoreStatus?> StatusWrites => statusWrites;

    public int FinalizerPatches { get; private set; }

    /// <summary>Makes the given status write attempts (1-based, counting every attempt) conflict.</summary>
    public void ConflictOnStatusWriteAttempts(params int[] attempts) => conflictingAttempts.UnionWith(attempts);

    public AtlasSharedRestore Add(AtlasSharedRestore restore)
    {
        var copy = Clone(restore);
        copy.Metadata.ResourceVersion = NextVersion();
        copy.Metadata.Uid ??= Guid.NewGuid().ToString();
        copy.Metadata.Generation ??= 1;
        objects[KeyOf(copy)] = copy;
        return Clone(copy);
    }

    /// <summary>The stored object, without counting as a read by the reconciler.</summary>
    public AtlasSharedRestore? Peek(ObjectKey key) => objects.TryGetValue(key, out var stored) ? Clone(stored) : null;

    /// <summary>A change by someone else (kubectl, another operator): bumps the resourceVersion.</summary>
    public void Modify(ObjectKey key, Func<AtlasSharedRestore, AtlasSharedRestore> change)
    {
        var changed = Clone(change(Clone(objects[key])));
        changed.Metadata.ResourceVersion = NextVersion();
        objects[key] = changed;
    }

    public void MarkDeleting(ObjectKey key, DateTime at) =>
        Modify(key, r =>
        {
            r.Metadata.DeletionTimestamp = at;
            return r;
        });

    public Task<AtlasSharedRestore?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        journal.Add("kube:get");
        return Task.FromResult(Peek(key));
    }

    public Task<AtlasSharedRestore> ReplaceStatusAsync(AtlasSharedRestore resource, CancellationToken cancellationToken)
    {
        journal.Add("kube:status");
        var stored = Current(resource);
        statusWriteAttempts++;
        if (ConflictsOnNextStatusWrites > 0 || conflictingAttempts.Contains(statusWriteAttempts))
        {
            ConflictsOnNextStatusWrites = Math.Max(0, ConflictsOnNextStatusWrites - 1);
            stored.Metadata.ResourceVersion = NextVersion();
            throw new ResourceConflictException("injected conflict: the object was modified");
        }

        var updated = Clone(stored) with { Status = resource.Status };
        updated.Metadata.ResourceVersion = NextVersion();
        objects[KeyOf(updated)] = Clone(updated);
        statusWrites.Add(Clone(updated).Status);
        return Task.FromResult(Clone(updated));
    }

    public Task<AtlasSharedRestore> PatchFinalizersAsync(AtlasSharedRestore resource, IReadOnlyList<string> finalizers, CancellationToken cancellationToken)
    {
        journal.Add("kube:finalizers");
        var stored = Current(resource);
        FinalizerPatches++;
        var updated = Clone(stored);
        updated.Metadata.Finalizers = finalizers.ToList();
        updated.Metadata.ResourceVersion = NextVersion();
        if (updated.Metadata.DeletionTimestamp is not null && finalizers.Count == 0)
        {
            objects.Remove(KeyOf(updated));
        }
        else
        {
            objects[KeyOf(updated)] = Clone(updated);
        }

        return Task.FromResult(Clone(updated));
    }

    private AtlasSharedRestore Current(AtlasSharedRestore resource)
    {
        if (!objects.TryGetValue(KeyOf(resource), out var stored))
        {
            throw new InvalidOperationException($"{KeyOf(resource)} does not exist");
        }

        if (stored.Metadata.ResourceVersion != resource.Metadata.ResourceVersion)
        {
            throw new ResourceConflictException(
                $"stale resourceVersion {resource.Metadata.ResourceVersion}, stored is {stored.Metadata.ResourceVersion}");
        }

        return stored;
    }

    private string NextVersion() => (++resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ObjectKey KeyOf(AtlasSharedRestore restore) => new(restore.Metadata.NamespaceProperty ?? "", restore.Metadata.Name ?? "");

    private static AtlasSharedRestore Clone(AtlasSharedRestore restore) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(restore, EntitiesJsonContext.Default.AtlasSharedRestore), EntitiesJsonContext.Default.AtlasSharedRestore)!;
}
