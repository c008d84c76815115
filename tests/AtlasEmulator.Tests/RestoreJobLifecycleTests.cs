using System.Net;
using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class RestoreJobLifecycleTests : EmulatorTestBase
{
    private const string Source = Group + "/flexClusters/" + DemoSeed.FlexSourceCluster;

    protected override AtlasEmulatorOptions Options => base.Options with
    {
        Timings = new RestoreJobTimings { Pending = TimeSpan.FromSeconds(10), Queued = TimeSpan.FromSeconds(20), Running = TimeSpan.FromSeconds(30) },
    };

    [Fact]
    public async Task Job_moves_pending_queued_running_completed_as_the_clock_advances()
    {
        string id = await CreateFlexRestoreAsync();

        (await StatusAsync(id)).Should().Be(("PENDING", null));
        Clock.Advance(TimeSpan.FromSeconds(10));
        (await StatusAsync(id)).Should().Be(("QUEUED", null));
        Clock.Advance(TimeSpan.FromSeconds(20));
        (await StatusAsync(id)).Should().Be(("RUNNING", null));
        Clock.Advance(TimeSpan.FromSeconds(29));
        (await StatusAsync(id)).Should().Be(("RUNNING", null));
        Clock.Advance(TimeSpan.FromSeconds(1));
        (await StatusAsync(id)).Should().Be(("COMPLETED", "2026-11-28T10:01:00Z"));
    }

    [Fact]
    public async Task Restore_onto_a_different_major_version_ends_failed()
    {
        string id = await CreateFlexRestoreAsync(DemoSeed.OldVersionFlexTargetCluster);

        Clock.Advance(TimeSpan.FromSeconds(59));
        (await StatusAsync(id)).Status.Should().Be("RUNNING");
        Clock.Advance(TimeSpan.FromSeconds(1));
        (await StatusAsync(id)).Should().Be(("FAILED", "2026-11-28T10:01:00Z"));
    }

    [Fact]
    public async Task Restore_onto_an_encrypted_target_ends_failed()
    {
        string id = await CreateFlexRestoreAsync(DemoSeed.EncryptedTargetCluster);

        Clock.Advance(TimeSpan.FromMinutes(5));

        (await StatusAsync(id)).Status.Should().Be("FAILED");
        Emulator.State.FindRestoreJob(id)!.FailureReason.Should().Contain("encryption at rest");
    }

    [Fact]
    public async Task Restore_onto_a_matching_dedicated_target_completes()
    {
        string id = await CreateFlexRestoreAsync(DemoSeed.DedicatedTargetCluster);

        Clock.Advance(TimeSpan.FromMinutes(5));

        (await StatusAsync(id)).Status.Should().Be("COMPLETED");
    }

    [Fact]
    public async Task Snapshot_not_completed_cannot_be_restored()
    {
        Emulator.State.AddSnapshot(DemoSeed.ProjectId, DemoSeed.FlexSourceCluster, new SeedSnapshot
        {
            Id = "6650a1b2c3d4e5f6a7b8d0ff", Status = "RUNNING", MongoDBVersion = "8.0.4", ScheduledTime = Clock.GetUtcNow(),
        });

        using HttpResponseMessage response = await PostAsync($"{Source}/backup/restoreJobs",
            new { snapshotId = "6650a1b2c3d4e5f6a7b8d0ff", targetDeploymentItemName = DemoSeed.FlexTargetCluster });

        await ShouldBeApiErrorAsync(response, HttpStatusCode.BadRequest, "SNAPSHOT_NOT_COMPLETE");
        Emulator.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task Snapshot_past_its_expiration_cannot_be_restored()
    {
        Emulator.State.AddSnapshot(DemoSeed.ProjectId, DemoSeed.FlexSourceCluster, new SeedSnapshot
        {
            Id = "6650a1b2c3d4e5f6a7b8d0fe", MongoDBVersion = "8.0.4", ScheduledTime = Clock.GetUtcNow().AddDays(-8), Expiration = Clock.GetUtcNow(),
        });

        using HttpResponseMessage response = await PostAsync($"{Source}/backup/restoreJobs",
            new { snapshotId = "6650a1b2c3d4e5f6a7b8d0fe", targetDeploymentItemName = DemoSeed.FlexTargetCluster });

        await ShouldBeApiErrorAsync(response, HttpStatusCode.BadRequest, "SNAPSHOT_EXPIRED");
        Emulator.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task Seeded_job_is_listed_for_adoption_and_progresses_from_its_scheduled_date()
    {
        Emulator.State.AddRestoreJob(DemoSeed.ProjectId, new SeedRestoreJob
        {
            Id = "6650a1b2c3d4e5f6a7b8aaaa",
            ClusterName = DemoSeed.FlexSourceCluster,
            SnapshotId = DemoSeed.FlexSnapshotId,
            TargetDeploymentItemName = DemoSeed.FlexTargetCluster,
            RestoreScheduledDate = Clock.GetUtcNow().AddSeconds(-15),
        });

        using HttpResponseMessage list = await GetAsync($"{Source}/backup/restoreJobs");

        using JsonDocument json = await ReadJsonAsync(list);
        JsonElement job = json.RootElement.GetProperty("results").EnumerateArray().Single();
        job.GetProperty("id").GetString().Should().Be("6650a1b2c3d4e5f6a7b8aaaa");
        job.GetProperty("status").GetString().Should().Be("QUEUED");
        job.GetProperty("targetProjectId").GetString().Should().Be(DemoSeed.ProjectId);
        job.GetProperty("snapshotFinishedDate").GetString().Should().Be("2026-11-27T17:06:56Z");
        Emulator.State.CountRestoreJobsFor(DemoSeed.ProjectId, DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public void Status_is_computed_without_timers()
    {
        var job = new EmulatedRestoreJob
        {
            Id = "6650a1b2c3d4e5f6a7b8bbbb", ProjectId = DemoSeed.ProjectId, ClusterName = "c", Api = RestoreApiFamily.Flex,
            DeliveryType = "RESTORE", SnapshotId = DemoSeed.FlexSnapshotId, CreatedAt = Clock.GetUtcNow(), FailureReason = "broken",
        };
        var timings = new RestoreJobTimings();

        job.StatusAt(Clock.GetUtcNow(), timings).Should().Be("PENDING");
        job.StatusAt(Clock.GetUtcNow() + timings.Total, timings).Should().Be("FAILED");
        job.FinishedDateAt(Clock.GetUtcNow(), timings).Should().BeNull();
        (job with { FixedStatus = "COMPLETED" }).StatusAt(Clock.GetUtcNow(), timings).Should().Be("COMPLETED");
    }

    private async Task<(string Status, string? Finished)> StatusAsync(string id)
    {
        using HttpResponseMessage response = await GetAsync($"{Source}/backup/restoreJobs/{id}");
        using JsonDocument json = await ReadJsonAsync(response);
        string? finished = json.RootElement.TryGetProperty("restoreFinishedDate", out JsonElement value) ? value.GetString() : null;
        return (json.RootElement.GetProperty("status").GetString()!, finished);
    }
}
