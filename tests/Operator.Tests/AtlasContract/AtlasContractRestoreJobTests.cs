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
}
