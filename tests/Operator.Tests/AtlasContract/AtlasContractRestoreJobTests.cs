using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>Restore jobs seen through the client as the shared fake clock moves the emulator's jobs along.</summary>
public sealed class AtlasContractRestoreJobTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Project = AtlasContractHarness.ProjectId;
    private static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<AtlasApiFamily, string, string, string, string> Restores => new()
    {
        // family, source, snapshot, target, final status
        { AtlasApiFamily.Flex, DemoSeed.FlexSourceCluster, DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, "COMPLETED" },
        { AtlasApiFamily.Tenant, DemoSeed.TenantSourceCluster, DemoSeed.TenantSnapshotId, DemoSeed.DedicatedTargetCluster, "COMPLETED" },
        // Before the sunset the tenant API also served Flex clusters (reference §3.1).
        { AtlasApiFamily.Tenant, DemoSeed.FlexSourceCluster, DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, "COMPLETED" },
        // Restriction breaks: the major version differs from the snapshot's, or the target encrypts at rest.
        { AtlasApiFamily.Flex, DemoSeed.FlexSourceCluster, DemoSeed.FlexSnapshotId, DemoSeed.OldVersionFlexTargetCluster, "FAILED" },
        { AtlasApiFamily.Tenant, DemoSeed.TenantSourceCluster, DemoSeed.TenantSnapshotId, DemoSeed.EncryptedTargetCluster, "FAILED" },
    };

    [Theory]
    [MemberData(nameof(Restores))]
    public async Task A_job_moves_pending_queued_running_then_ends_as_the_restrictions_say(AtlasApiFamily api, string source, string snapshot, string target, string finalStatus)
    {
        var timings = new RestoreJobTimings { Pending = TimeSpan.FromSeconds(2), Queued = TimeSpan.FromSeconds(3), Running = TimeSpan.FromSeconds(5) };
        await using var h = await AtlasContractHarness.StartAsync(ledger, e => e with { Timings = timings });
        var credentials = AtlasContractHarness.ServiceAccount;
        var created = await h.Client.CreateRestoreJobAsync(credentials, api, Project, source, new AtlasRestoreRequest(snapshot, target, null), None);
        var seen = new List<AtlasRestoreJob> { created };

        foreach (var step in new[] { timings.Pending, timings.Queued, timings.Running - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) })
        {
            h.Clock.Advance(step);
            seen.Add(await h.Client.GetRestoreJobAsync(credentials, api, Project, source, created.Id, None));
        }

        seen.Select(j => j.Status).Should().Equal("PENDING", "QUEUED", "RUNNING", "RUNNING", finalStatus);
        seen.Take(4).Should().OnlyContain(j => !j.IsTerminal && j.RestoreFinishedDate == null);
        seen[^1].IsTerminal.Should().BeTrue();
        seen[^1].RestoreFinishedDate.Should().Be(created.RestoreScheduledDate + timings.Total);
        seen.Should().OnlyContain(j => j.Id == created.Id && j.TargetDeploymentItemName == target);
        h.State.CountRestoreJobsFor(Project, target).Should().Be(1);
        h.State.StatusOf(h.State.FindRestoreJob(created.Id)!).Should().Be(finalStatus);
    }

    [Fact]
    public async Task A_flex_cluster_restored_through_the_tenant_api_shows_the_same_job_on_both_apis()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var credentials = AtlasContractHarness.ApiKey;

        var snapshot = await h.Client.GetSnapshotAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.FlexSourceCluster, DemoSeed.FlexSnapshotId, None);
        var created = await h.Client.CreateRestoreJobAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None);
        var viaTenant = await h.Client.ListRestoreJobsAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.FlexSourceCluster, None);
        var viaFlex = await h.Client.ListRestoreJobsAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);

        snapshot.Status.Should().Be("COMPLETED");
        created.ClusterName.Should().Be(DemoSeed.FlexSourceCluster);
        viaTenant.Select(j => j.Id).Should().Equal(created.Id);
        viaFlex.Select(j => j.Id).Should().Equal(created.Id);
        h.Authenticated(AtlasOperations.CreateTenantRestore).Should().ContainSingle().Which.StatusCode.Should().Be(200);
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);
    }
}
