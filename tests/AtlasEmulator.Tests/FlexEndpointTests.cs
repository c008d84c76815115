using System.Net;
using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class FlexEndpointTests : EmulatorTestBase
{
    private const string Source = Group + "/flexClusters/" + DemoSeed.FlexSourceCluster;

    [Fact]
    public async Task Get_flex_cluster_returns_the_description_with_versioned_media_type_and_rate_limit_headers()
    {
        using HttpResponseMessage response = await GetAsync(Source);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/vnd.atlas.2024-11-13+json; charset=utf-8");
        response.Headers.GetValues("RateLimit-Limit").Should().ContainSingle();
        response.Headers.GetValues("RateLimit-Remaining").Should().ContainSingle();
        using JsonDocument json = await ReadJsonAsync(response);
        JsonElement root = json.RootElement;
        root.GetProperty("name").GetString().Should().Be(DemoSeed.FlexSourceCluster);
        root.GetProperty("groupId").GetString().Should().Be(DemoSeed.ProjectId);
        root.GetProperty("mongoDBVersion").GetString().Should().Be("8.0.4");
        root.GetProperty("stateName").GetString().Should().Be("IDLE");
        root.GetProperty("providerSettings").GetProperty("providerName").GetString().Should().Be("FLEX");
        root.TryGetProperty("mongoDBMajorVersion", out _).Should().BeFalse("Flex has no mongoDBMajorVersion");
        root.TryGetProperty("encryptionAtRestProvider", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Unknown_flex_cluster_is_404_with_the_recorded_detail()
    {
        using HttpResponseMessage response = await GetAsync(Group + "/flexClusters/cluster-833");

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotFound, "CLUSTER_NOT_FOUND");
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("detail").GetString().Should().Be($"No cluster named cluster-833 exists in group {DemoSeed.ProjectId}.");
        json.RootElement.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()).Should().Equal("cluster-833", DemoSeed.ProjectId);
    }

    [Theory]
    [InlineData(DemoSeed.DedicatedTargetCluster)]
    [InlineData(DemoSeed.TenantSourceCluster)]
    public async Task Non_flex_cluster_on_the_flex_api_is_rejected(string cluster)
    {
        using HttpResponseMessage response = await GetAsync($"{Group}/flexClusters/{cluster}/backup/snapshots");

        await ShouldBeApiErrorAsync(response, HttpStatusCode.BadRequest, "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API");
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("detail").GetString().Should().Be($"Cannot use non-flex cluster {cluster} in the flex API.");
    }

    [Fact]
    public async Task Snapshots_are_listed_and_fetched()
    {
        using HttpResponseMessage list = await GetAsync($"{Source}/backup/snapshots");
        using HttpResponseMessage one = await GetAsync($"{Source}/backup/snapshots/{DemoSeed.FlexSnapshotId}");

        list.StatusCode.Should().Be(HttpStatusCode.OK);
        using JsonDocument listJson = await ReadJsonAsync(list);
        listJson.RootElement.GetProperty("totalCount").GetInt32().Should().Be(3);
        listJson.RootElement.GetProperty("results").GetArrayLength().Should().Be(3);
        listJson.RootElement.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()).Should().Equal("self");
        using JsonDocument oneJson = await ReadJsonAsync(one);
        oneJson.RootElement.GetRawText().Should().Be(
            "{\"expiration\":\"2036-11-27T17:05:10Z\",\"finishTime\":\"2026-11-27T17:06:56Z\",\"id\":\"6650a1b2c3d4e5f6a7b8d003\",\"mongoDBVersion\":\"8.0.4\",\"scheduledTime\":\"2026-11-27T17:05:10Z\",\"startTime\":\"2026-11-27T17:05:37Z\",\"status\":\"COMPLETED\"}");
    }

    [Fact]
    public async Task Create_restore_job_returns_pending_job_shaped_like_the_recording()
    {
        using HttpResponseMessage response = await PostAsync($"{Source}/backup/restoreJobs",
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster, targetProjectId = DemoSeed.ProjectId });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using JsonDocument json = await ReadJsonAsync(response);
        JsonElement job = json.RootElement;
        job.GetProperty("status").GetString().Should().Be("PENDING");
        job.GetProperty("deliveryType").GetString().Should().Be("RESTORE");
        job.GetProperty("instanceName").GetString().Should().Be(DemoSeed.FlexSourceCluster);
        job.GetProperty("projectId").GetString().Should().Be(DemoSeed.ProjectId);
        job.GetProperty("snapshotId").GetString().Should().Be(DemoSeed.FlexSnapshotId);
        job.GetProperty("targetDeploymentItemName").GetString().Should().Be(DemoSeed.FlexTargetCluster);
        job.GetProperty("targetProjectId").GetString().Should().Be(DemoSeed.ProjectId);
        job.GetProperty("restoreScheduledDate").GetString().Should().Be("2026-11-28T10:00:00Z");
        job.GetProperty("expirationDate").GetString().Should().Be("2026-11-28T16:00:00Z");
        job.GetProperty("snapshotFinishedDate").GetString().Should().Be("2026-11-27T17:06:56Z");
        job.GetProperty("id").GetString().Should().MatchRegex("^[a-f0-9]{24}$");
        job.TryGetProperty("restoreFinishedDate", out _).Should().BeFalse("unset fields are omitted");
        job.TryGetProperty("clusterName", out _).Should().BeFalse("Flex calls the source instanceName");
        job.TryGetProperty("links", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Created_job_is_listed_and_fetched_by_id()
    {
        string id = await CreateFlexRestoreAsync();

        using HttpResponseMessage list = await GetAsync($"{Source}/backup/restoreJobs");
        using HttpResponseMessage one = await GetAsync($"{Source}/backup/restoreJobs/{id}");

        using JsonDocument listJson = await ReadJsonAsync(list);
        listJson.RootElement.GetProperty("results").EnumerateArray().Select(j => j.GetProperty("id").GetString()).Should().Equal(id);
        one.StatusCode.Should().Be(HttpStatusCode.OK);
        using JsonDocument oneJson = await ReadJsonAsync(one);
        oneJson.RootElement.GetProperty("id").GetString().Should().Be(id);
    }

    [Fact]
    public async Task Unknown_restore_job_is_404()
    {
        using HttpResponseMessage response = await GetAsync($"{Source}/backup/restoreJobs/aaaaaaaaaaaaaaaaaaaaaaaa");

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotFound, "RESTORE_JOB_NOT_FOUND");
    }

    [Fact]
    public async Task Download_creates_a_download_job_with_a_url_valid_four_hours()
    {
        using HttpResponseMessage response = await PostAsync($"{Source}/backup/download", new { snapshotId = DemoSeed.FlexSnapshotId });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("deliveryType").GetString().Should().Be("DOWNLOAD");
        json.RootElement.GetProperty("snapshotUrl").GetString().Should().NotBeNullOrEmpty();
        json.RootElement.GetProperty("expirationDate").GetString().Should().Be("2026-11-28T14:00:00Z");
        Emulator.State.CountRestoreJobsFor(DemoSeed.ProjectId, DemoSeed.FlexSourceCluster).Should().Be(0, "a download overwrites nothing");
    }

    [Fact]
    public async Task Lists_page_with_self_and_next_links()
    {
        for (int day = 1; day <= 4; day++)
        {
            Emulator.State.AddSnapshot(DemoSeed.ProjectId, DemoSeed.FlexSourceCluster, new SeedSnapshot
            {
                Id = $"6650a1b2c3d4e5f6a7b8f00{day}",
                MongoDBVersion = "8.0.4",
                ScheduledTime = new DateTimeOffset(2026, 10, day, 0, 0, 0, TimeSpan.Zero),
            });
        }

        using HttpResponseMessage first = await GetAsync($"{Source}/backup/snapshots?itemsPerPage=3&pageNum=1");
        using HttpResponseMessage last = await GetAsync($"{Source}/backup/snapshots?itemsPerPage=3&pageNum=3&includeCount=false");

        using JsonDocument firstJson = await ReadJsonAsync(first);
        firstJson.RootElement.GetProperty("totalCount").GetInt32().Should().Be(7);
        firstJson.RootElement.GetProperty("results").GetArrayLength().Should().Be(3);
        string self = Emulator.BaseUrl.GetLeftPart(UriPartial.Authority) + Source + "/backup/snapshots";
        firstJson.RootElement.GetProperty("links").EnumerateArray().Select(l => (l.GetProperty("rel").GetString(), l.GetProperty("href").GetString()))
            .Should().Equal(("self", self + "?includeCount=true&pageNum=1&itemsPerPage=3"), ("next", self + "?includeCount=true&itemsPerPage=3&pageNum=2"));
        using JsonDocument lastJson = await ReadJsonAsync(last);
        lastJson.RootElement.GetProperty("results").GetArrayLength().Should().Be(1);
        lastJson.RootElement.TryGetProperty("totalCount", out _).Should().BeFalse("includeCount=false omits it");
        lastJson.RootElement.GetProperty("links").GetArrayLength().Should().Be(1);
    }

    [Theory]
    [InlineData("itemsPerPage=0")]
    [InlineData("itemsPerPage=501")]
    [InlineData("pageNum=0")]
    [InlineData("includeCount=maybe")]
    public async Task Out_of_range_paging_is_a_validation_error(string query)
    {
        using HttpResponseMessage response = await GetAsync($"{Source}/backup/restoreJobs?{query}");

        await ShouldBeApiErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        (await response.Content.ReadAsStringAsync()).Should().Contain(query.Split('=')[0]);
    }

    [Fact]
    public async Task Restore_from_a_missing_snapshot_is_404_and_creates_nothing()
    {
        using HttpResponseMessage response = await PostAsync($"{Source}/backup/restoreJobs",
            new { snapshotId = "bbbbbbbbbbbbbbbbbbbbbbbb", targetDeploymentItemName = DemoSeed.FlexTargetCluster });

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotFound, "SNAPSHOT_NOT_FOUND");
        Emulator.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task Restore_onto_a_missing_target_is_404_cluster_not_found()
    {
        using HttpResponseMessage response = await PostAsync($"{Source}/backup/restoreJobs",
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = "no-such-target" });

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotFound, "CLUSTER_NOT_FOUND");
        Emulator.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task Restore_into_an_unknown_target_project_is_404_group_not_found()
    {
        using HttpResponseMessage response = await PostAsync($"{Source}/backup/restoreJobs",
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster, targetProjectId = "111111111111111111111111" });

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotFound, "GROUP_NOT_FOUND");
    }

    [Theory]
    [InlineData("{\"targetDeploymentItemName\":\"flex-target\"}", "snapshotId")]
    [InlineData("{\"snapshotId\":\"6650a1b2c3d4e5f6a7b8d003\"}", "targetDeploymentItemName")]
    [InlineData("{\"snapshotId\":\"XYZ\",\"targetDeploymentItemName\":\"flex-target\"}", "snapshotId")]
    [InlineData("{\"snapshotId\":\"6650a1b2c3d4e5f6a7b8d003\",\"targetDeploymentItemName\":\"flex-target\",\"targetProjectId\":\"nope\"}", "targetProjectId")]
    [InlineData("{not json", "body")]
    public async Task Invalid_create_body_names_the_field(string body, string field)
    {
        using HttpResponseMessage response = await PostAsync($"{Source}/backup/restoreJobs", body);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("badRequestDetail").GetProperty("fields")[0].GetProperty("field").GetString().Should().Be(field);
        Emulator.State.RestoreJobs.Should().BeEmpty();
    }
}
