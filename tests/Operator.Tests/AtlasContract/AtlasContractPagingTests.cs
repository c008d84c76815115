using System.Globalization;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>List calls follow every page the emulator serves.</summary>
public sealed class AtlasContractPagingTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Project = AtlasContractHarness.ProjectId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(499, 1)]
    [InlineData(500, 1)]
    [InlineData(501, 2)]
    [InlineData(1001, 3)]
    public async Task Flex_restore_jobs_are_all_listed_across_pages_of_500(int count, int pages)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var seeded = SeedJobs(h, DemoSeed.FlexSourceCluster, DemoSeed.FlexSnapshotId, count);

        var listed = await h.Client.ListRestoreJobsAsync(AtlasContractHarness.ApiKey, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);

        listed.Select(j => j.Id).Should().BeEquivalentTo(seeded);
        listed.Should().OnlyContain(j => j.Status == "COMPLETED" && j.TargetDeploymentItemName == DemoSeed.FlexTargetCluster);
        var requests = h.Authenticated(AtlasOperations.ListFlexRestoreJobs);
        requests.Should().HaveCount(pages, "a full last page with no next link ends the walk");
        requests.Select(e => e.Query).Should().OnlyContain(q => q.Contains("itemsPerPage=500"));
        requests.Select((e, i) => e.Query.Contains("pageNum=" + (i + 1).ToString(CultureInfo.InvariantCulture))).Should().OnlyContain(ok => ok);
    }

    [Fact]
    public async Task A_small_page_size_walks_every_page_of_jobs_and_snapshots()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger, client: c => c with { ListPageSize = 7 });
        var seeded = SeedJobs(h, DemoSeed.FlexSourceCluster, DemoSeed.FlexSnapshotId, 20);
        for (var i = 0; i < 4; i++)
        {
            var scheduled = ContractClock.StartTime.AddDays(-1).AddHours(i);
            h.State.AddSnapshot(Project, DemoSeed.FlexSourceCluster, new SeedSnapshot
            {
                Id = "6650a1b2c3d4e5f6a7b9" + i.ToString("x4", CultureInfo.InvariantCulture),
                MongoDBVersion = "8.0.4",
                ScheduledTime = scheduled,
            });
        }

        var listed = await h.Client.ListRestoreJobsAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);
        var snapshots = await h.Client.ListSnapshotsAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);

        listed.Select(j => j.Id).Should().BeEquivalentTo(seeded);
        h.Authenticated(AtlasOperations.ListFlexRestoreJobs).Should().HaveCount(3, "20 jobs at 7 per page");
        snapshots.Should().HaveCount(7, "the three seeded snapshots and four more");
        h.Authenticated(AtlasOperations.ListFlexSnapshots).Should().HaveCount(1, "7 snapshots fit one page of 7 and the emulator gives no next link");
    }

    [Fact]
    public async Task More_than_500_tenant_restore_jobs_are_all_listed()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var seeded = SeedJobs(h, DemoSeed.TenantSourceCluster, DemoSeed.TenantSnapshotId, 501);

        var listed = await h.Client.ListRestoreJobsAsync(AtlasContractHarness.ApiKey, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, None);

        listed.Select(j => j.Id).Should().BeEquivalentTo(seeded);
        listed.Should().OnlyContain(j => j.ClusterName == DemoSeed.TenantSourceCluster);
    }

    private static List<string> SeedJobs(AtlasContractHarness h, string source, string snapshotId, int count)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var id = "aa" + i.ToString("x22", CultureInfo.InvariantCulture);
            h.State.AddRestoreJob(Project, new SeedRestoreJob
            {
                Id = id,
                ClusterName = source,
                SnapshotId = snapshotId,
                TargetDeploymentItemName = DemoSeed.FlexTargetCluster,
                RestoreScheduledDate = ContractClock.StartTime.AddHours(-1).AddSeconds(i),
                Status = "COMPLETED",
            });
            ids.Add(id);
        }
        return ids;
    }
}
