using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>
/// What the reconciler does with <c>api: Tenant</c> on a Flex source cluster, driven through the real client against
/// the real emulator: before the sunset the tenant endpoints also served Flex clusters (reference §3.1), after it they
/// are gone.
/// </summary>
public sealed class AtlasContractTenantApiOnFlexTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Namespace = "team-a";
    private const string SecretName = "atlas-credentials";
    private static readonly ObjectKey Key = new(Namespace, "tenant-on-flex");

    [Fact]
    public async Task Serving_mode_restores_a_flex_cluster_through_the_tenant_api_with_one_tenant_post()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var (store, reconciler) = Start(h);

        var status = await RunUntilDoneAsync(h, store, reconciler);

        status.Phase.Should().Be(RestorePhase.Completed);
        status.Api.Should().Be(ResolvedApi.Tenant, "api: Tenant is taken as given, without a look-up");
        h.Authenticated(AtlasOperations.GetTenantSnapshot).Should().NotBeEmpty("the preflight reads the snapshot on the tenant path");
        h.Authenticated(AtlasOperations.CreateTenantRestore).Should().ContainSingle().Which.StatusCode.Should().Be(200);
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Should().BeEmpty();
        h.State.RestoreJobs.Should().ContainSingle().Which.Api.Should().Be(RestoreApiFamily.Tenant);
        status.Job!.Id.Should().Be(h.State.RestoreJobs.Single().Id);
    }

    [Fact]
    public async Task Gone_mode_fails_the_restore_as_tenant_api_retired_before_any_post()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        h.Emulator.TenantMode = TenantApiMode.Gone;
        var (store, reconciler) = Start(h);

        var status = await RunUntilDoneAsync(h, store, reconciler);

        status.Phase.Should().Be(RestorePhase.Failed);
        RestoreConditions.Find(status.Conditions, RestoreCondition.Stalled)!.Reason.Should().Be(RestoreReasons.TenantApiRetired);
        h.Journal.Count(e => e.Method == "POST" && e.Operation is AtlasOperations.CreateTenantRestore or AtlasOperations.CreateFlexRestoreJob)
            .Should().Be(0, "the retired endpoint is found on the preflight's snapshot read");
        h.State.RestoreJobs.Should().BeEmpty();
    }

    private static (FakeRestoreStore Store, AtlasSharedRestoreReconciler Reconciler) Start(AtlasContractHarness h)
    {
        var store = new FakeRestoreStore(new OperationJournal());
        var secrets = new FakeSecrets();
        secrets.Put(Namespace, SecretName, ("publicApiKey", DemoSeed.PublicKey), ("privateApiKey", DemoSeed.PrivateKey));
        store.Add(new AtlasSharedRestore
        {
            Metadata = new V1ObjectMeta { Name = Key.Name, NamespaceProperty = Key.Namespace, CreationTimestamp = h.Clock.GetUtcNow().UtcDateTime },
            Spec = new AtlasSharedRestoreSpec
            {
                ProjectId = DemoSeed.ProjectId,
                ClusterName = DemoSeed.FlexSourceCluster,
                SnapshotId = DemoSeed.FlexSnapshotId,
                TargetDeploymentItemName = DemoSeed.FlexTargetCluster,
                Api = RestoreApi.Tenant,
                ConnectionSecretRef = new SecretReference { Name = SecretName },
            },
        });
        var reconciler = new AtlasSharedRestoreReconciler(store, h.Client, secrets, new RecordingEventRecorder(),
            new RestoreOperatorOptions { OperatorIdentity = "contract" }, h.Clock, NullLogger<AtlasSharedRestoreReconciler>.Instance);
        return (store, reconciler);
    }

    /// <summary>Reconciles as the controller would, advancing the shared clock by each requeue delay.</summary>
    private static async Task<AtlasSharedRestoreStatus> RunUntilDoneAsync(AtlasContractHarness h, FakeRestoreStore store, AtlasSharedRestoreReconciler reconciler)
    {
        var result = await reconciler.ReconcileAsync(Key, CancellationToken.None);
        for (var pass = 1; pass < 30 && result.RequeueAfter is { } delay; pass++)
        {
            h.Clock.Advance(delay);
            result = await reconciler.ReconcileAsync(Key, CancellationToken.None);
        }

        return store.Peek(Key)!.Status!;
    }
}
