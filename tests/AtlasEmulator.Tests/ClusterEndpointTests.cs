using System.Net;
using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class ClusterEndpointTests : EmulatorTestBase
{
    [Fact]
    public async Task Dedicated_cluster_2024_08_05_has_the_precheck_fields()
    {
        using HttpResponseMessage response = await GetAsync($"{Group}/clusters/{DemoSeed.EncryptedTargetCluster}", ClusterVersion);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(ClusterVersion);
        using JsonDocument json = await ReadJsonAsync(response);
        JsonElement root = json.RootElement;
        root.GetProperty("mongoDBMajorVersion").GetString().Should().Be("8.0");
        root.GetProperty("mongoDBVersion").GetString().Should().Be("8.0.4");
        root.GetProperty("encryptionAtRestProvider").GetString().Should().Be("AWS");
        root.GetProperty("stateName").GetString().Should().Be("IDLE");
        root.GetProperty("paused").GetBoolean().Should().BeFalse();
        root.GetProperty("replicationSpecs")[0].GetProperty("regionConfigs")[0].GetProperty("electableSpecs").GetProperty("instanceSize").GetString().Should().Be("M10");
    }

    [Fact]
    public async Task Legacy_2023_01_01_shows_tenant_provider_settings()
    {
        using HttpResponseMessage response = await GetAsync($"{Group}/clusters/{DemoSeed.TenantSourceCluster}", "application/vnd.atlas.2023-01-01+json");

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.atlas.2023-01-01+json");
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("providerSettings").GetProperty("providerName").GetString().Should().Be("TENANT");
        json.RootElement.GetProperty("providerSettings").GetProperty("instanceSizeName").GetString().Should().Be("M2");
        json.RootElement.TryGetProperty("replicationSpecs", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Newest_accepted_version_wins_when_several_are_offered()
    {
        using HttpResponseMessage response = await GetAsync($"{Group}/clusters/{DemoSeed.DedicatedTargetCluster}",
            "application/vnd.atlas.2023-02-01+json, application/vnd.atlas.2024-08-05+json");

        response.Content.Headers.ContentType!.MediaType.Should().Be(ClusterVersion);
    }

    [Fact]
    public async Task Flex_cluster_on_the_cluster_api_is_400_with_the_recorded_body()
    {
        using HttpResponseMessage response = await GetAsync($"{Group}/clusters/{DemoSeed.FlexSourceCluster}", ClusterVersion);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.BadRequest, "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API");
        (await response.Content.ReadAsStringAsync()).Should().Be(
            "{\"detail\":\"Flex cluster flex-source cannot be used in the Cluster API.\",\"error\":400,\"errorCode\":\"CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API\",\"parameters\":[\"flex-source\"],\"reason\":\"Bad Request\"}");
    }

    [Fact]
    public async Task Unknown_project_is_404_group_not_found()
    {
        using HttpResponseMessage response = await GetAsync("/api/atlas/v2/groups/111111111111111111111111/clusters/any", ClusterVersion);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotFound, "GROUP_NOT_FOUND");
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("detail").GetString().Should().Be("No group with ID 111111111111111111111111 exists.");
    }

    [Theory]
    [InlineData("/api/atlas/v2/groups/NOTHEX000000000000000000/clusters/a", "groupId")]
    [InlineData("/api/atlas/v2/groups/123/clusters/a", "groupId")]
    [InlineData("/api/atlas/v2/groups/" + DemoSeed.ProjectId + "/clusters/-bad", "clusterName")]
    [InlineData("/api/atlas/v2/groups/" + DemoSeed.ProjectId + "/flexClusters/flex-source/backup/snapshots/123", "snapshotId")]
    [InlineData("/api/atlas/v2/groups/" + DemoSeed.ProjectId + "/flexClusters/flex-source/backup/restoreJobs/ABCDEFABCDEFABCDEFABCDEF", "restoreJobId")]
    public async Task Malformed_path_parameter_is_a_validation_error_naming_it(string path, string parameter)
    {
        string accept = path.Contains("flexClusters", StringComparison.Ordinal) ? FlexVersion : ClusterVersion;

        using HttpResponseMessage response = await GetAsync(path, accept);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("badRequestDetail").GetProperty("fields")[0].GetProperty("field").GetString().Should().Be(parameter);
    }

    [Fact]
    public async Task Wrong_method_on_a_known_path_is_405()
    {
        using HttpResponseMessage response = await Http.DeleteAsync($"{Group}/clusters/{DemoSeed.DedicatedTargetCluster}");

        await ShouldBeApiErrorAsync(response, HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Unknown_path_is_404_resource_not_found()
    {
        using HttpResponseMessage response = await Http.GetAsync("/api/atlas/v2/nothing");

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
    }
}
