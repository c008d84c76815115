using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

/// <summary>
/// A seeded world for reconciler tests: a project with a Flex source cluster, a completed snapshot, a Flex target
/// of the same major version, a credentials Secret, and one AtlasSharedRestore applied on demand.
/// </summary>
internal sealed class RestoreScenario
{
    public const string SourceProject = "32b6e34b3d91647abb20e7b8";
    public const string OtherProject = "5f0c0c0c0c0c0c0c0c0c0c0c";
    public const string SourceCluster = "prod-shared";
    public const string SnapshotId = "32b6e34b3d91647abb20e7b9";
    public const string TargetCluster = "staging-shared";
    public const string Namespace = "team-a";
    public const string Name = "refresh-staging";
    public const string SecretName = "atlas-credentials";
    public const string PublicKey = "pubkey-visible";
    public const string PrivateKey = "private-key-never-shown-1234";
    public const string Identity = "operator-a";

    private AtlasSharedRestoreReconciler? reconciler;

    public RestoreScenario()
    {
        Journal = new OperationJournal();
        Store = new FakeRestoreStore(Journal);
        Atlas = new FakeAtlas(Time, Journal);
        Atlas.AddProject(SourceProject);
        Atlas.AddFlexCluster(SourceProject, SourceCluster, "8.0.29");
        Atlas.AddSnapshot(SourceProject, SourceCluster, SnapshotId, "COMPLETED", "8.0.29");
        Atlas.AddFlexCluster(SourceProject, TargetCluster, "8.0.31");
        Secrets.Put(Namespace, SecretName, ("publicApiKey", PublicKey), ("privateApiKey", PrivateKey));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public OperationJournal Journal { get; }
    public FakeRestoreStore Store { get; }
    public FakeAtlas Atlas { get; }
    public FakeSecrets Secrets { get; } = new();
    public RecordingEventRecorder Events { get; } = new();
    public RestoreOperatorOptions Options { get; set; } = new() { OperatorIdentity = Identity };

    public ObjectKey Key { get; } = new(Namespace, Name);

    public AtlasSharedRestore Current => Store.Peek(Key) ?? throw new InvalidOperationException("the object is gone");

    public AtlasSharedRestoreStatus Status => Current.Status ?? throw new InvalidOperationException("no status");

    public AtlasSharedRestore Apply(Func<AtlasSharedRestoreSpec, AtlasSharedRestoreSpec>? change = null)
    {
        var spec = new AtlasSharedRestoreSpec
        {
            ProjectId = SourceProject,
            ClusterName = SourceCluster,
            SnapshotId = SnapshotId,
            TargetDeploymentItemName = TargetCluster,
            ConnectionSecretRef = new SecretReference { Name = SecretName },
        };
        return Store.Add(new AtlasSharedRestore
        {
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, CreationTimestamp = Time.GetUtcNow().UtcDateTime },
            Spec = change is null ? spec : change(spec),
        });
    }

    /// <summary>A new reconciler instance, as after an operator restart (nothing kept in memory).</summary>
    public AtlasSharedRestoreReconciler NewReconciler(string identity = Identity)
    {
        reconciler = new AtlasSharedRestoreReconciler(Store, Atlas, Secrets, Events, Options with { OperatorIdentity = identity }, Time,
            NullLogger<AtlasSharedRestoreReconciler>.Instance);
        return reconciler;
    }

    public Task<ReconcileResult> ReconcileAsync() => (reconciler ?? NewReconciler()).ReconcileAsync(Key, CancellationToken.None);

    public RestoreCondition Condition(string type) =>
        RestoreConditions.Find(Status.Conditions, type) ?? throw new InvalidOperationException($"no {type} condition");

    /// <summary>Reconciles as the controller would: after each requeue delay, until done or the budget runs out.</summary>
    public async Task<ReconcileResult> RunUntilDoneAsync(int maxPasses = 20)
    {
        var result = await ReconcileAsync();
        for (var pass = 1; pass < maxPasses && result.RequeueAfter is { } delay; pass++)
        {
            Time.Advance(delay);
            result = await ReconcileAsync();
        }

        return result;
    }
}
