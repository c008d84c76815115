using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class JournalTests : EmulatorTestBase
{
    [Fact]
    public async Task Every_request_is_journaled_with_operation_status_and_error_code()
    {
        await CreateFlexRestoreAsync();
        (await GetAsync($"{Group}/clusters/{DemoSeed.FlexSourceCluster}", ClusterVersion)).Dispose();

        Emulator.Journal.Count(AtlasOperations.CreateFlexRestoreJob).Should().Be(1, "the Digest challenge round trip is not counted");
        Emulator.Journal.Count(e => e.Operation == AtlasOperations.CreateFlexRestoreJob).Should().Be(2, "the challenge is journaled too");
        Emulator.Journal.Entries.First(e => e.Operation == AtlasOperations.CreateFlexRestoreJob).StatusCode.Should().Be(401);
        JournalEntry last = Emulator.Journal.Entries[^1];
        last.Operation.Should().Be(AtlasOperations.GetCluster);
        last.StatusCode.Should().Be(400);
        last.ErrorCode.Should().Be("CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API");
        last.Method.Should().Be("GET");
        last.Time.Should().Be(Clock.GetUtcNow());
        Emulator.Journal.Entries.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        Emulator.Journal.Entries.First(e => e.StatusCode == 200).RequestBody.Should().Contain(DemoSeed.FlexSnapshotId);
    }

    [Fact]
    public async Task WaitForAsync_completes_on_a_future_request_and_on_a_past_one()
    {
        Task<JournalEntry> future = Emulator.Journal.WaitForAsync(e => e.Operation == AtlasOperations.GetFlexCluster && e.StatusCode == 200);
        future.IsCompleted.Should().BeFalse();

        (await GetAsync($"{Group}/flexClusters/{DemoSeed.FlexSourceCluster}")).Dispose();

        JournalEntry entry = await future.WaitAsync(Safety);
        entry.Identity.Should().Be(DemoSeed.PublicKey);
        Emulator.Journal.WaitForCountAsync(AtlasOperations.GetFlexCluster, 1).IsCompleted.Should().BeTrue();
        Task second = Emulator.Journal.WaitForCountAsync(AtlasOperations.GetFlexCluster, 2);
        second.IsCompleted.Should().BeFalse("only one authenticated request so far");
        (await GetAsync($"{Group}/flexClusters/{DemoSeed.FlexSourceCluster}")).Dispose();
        await second.WaitAsync(Safety);
    }

    [Fact]
    public async Task Oauth_bodies_are_not_journaled()
    {
        await GetTokenAsync();

        JournalEntry entry = Emulator.Journal.Entries.Single();
        entry.Operation.Should().Be(AtlasOperations.IssueToken);
        entry.Identity.Should().Be(DemoSeed.ClientId);
        entry.RequestBody.Should().BeNull();
    }
}
