using System.Net;
using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class TenantEndpointTests : EmulatorTestBase
{
    private const string Tenant = Group + "/clusters/" + DemoSeed.TenantSourceCluster + "/backup/tenant";

    /// <summary>The tenant paths for a Flex cluster, which they served until the sunset (reference §3.1).</summary>
    private const string FlexOnTenant = Group + "/clusters/" + DemoSeed.FlexSourceCluster + "/backup/tenant";

    [Fact]
    public async Task Create_list_and_get_tenant_restore()
    {
        using HttpResponseMessage created = await PostAsync($"{Tenant}/restore",
            new { snapshotId = DemoSeed.TenantSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster }, TenantVersion);

        created.StatusCode.Should().Be(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        created.Content.Headers.ContentType!.MediaType.Should().Be(TenantVersion);
        using JsonDocument job = await ReadJsonAsync(created);
        job.RootElement.GetProperty("clusterName").GetString().Should().Be(DemoSeed.TenantSourceCluster);
        job.RootElement.TryGetProperty("instanceName", out _).Should().BeFalse();
        job.RootElement.GetProperty("status").GetString().Should().Be("PENDING");
        job.RootElement.GetProperty("targetProjectId").GetString().Should().Be(DemoSeed.ProjectId, "the target project defaults to the source's");
        string id = job.RootElement.GetProperty("id").GetString()!;

        using HttpResponseMessage list = await GetAsync($"{Tenant}/restores", TenantVersion);
        using HttpResponseMessage one = await GetAsync($"{Tenant}/restores/{id}", TenantVersion);

        using JsonDocument listJson = await ReadJsonAsync(list);
        listJson.RootElement.GetProperty("results").EnumerateArray().Select(j => j.GetProperty("id").GetString()).Should().Equal(id);
        listJson.RootElement.GetProperty("totalCount").GetInt32().Should().Be(1);
        one.StatusCode.Should().Be(HttpStatusCode.OK);
        Emulator.State.RestoreJobs.Single().Api.Should().Be(RestoreApiFamily.Tenant);
    }

    [Fact]
    public async Task Snapshots_are_listed_and_fetched()
    {
        using HttpResponseMessage list = await GetAsync($"{Tenant}/snapshots", TenantVersion);
        using HttpResponseMessage one = await GetAsync($"{Tenant}/snapshots/{DemoSeed.TenantSnapshotId}", TenantVersion);

        using JsonDocument listJson = await ReadJsonAsync(list);
        listJson.RootElement.GetProperty("results").GetArrayLength().Should().Be(2);
        using JsonDocument oneJson = await ReadJsonAsync(one);
        oneJson.RootElement.GetProperty("status").GetString().Should().Be("COMPLETED");
        oneJson.RootElement.GetProperty("mongoDBVersion").GetString().Should().Be("8.0.4");
    }

    [Fact]
    public async Task Download_requires_both_fields_and_returns_a_download_job()
    {
        using HttpResponseMessage missing = await PostAsync($"{Tenant}/download", new { snapshotId = DemoSeed.TenantSnapshotId }, TenantVersion);
        using HttpResponseMessage ok = await PostAsync($"{Tenant}/download",
            new { snapshotId = DemoSeed.TenantSnapshotId, targetDeploymentItemName = DemoSeed.TenantSourceCluster }, TenantVersion);

        await ShouldBeApiErrorAsync(missing, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        using JsonDocument json = await ReadJsonAsync(ok);
        json.RootElement.GetProperty("deliveryType").GetString().Should().Be("DOWNLOAD");
        json.RootElement.GetProperty("snapshotUrl").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Serving_mode_lists_and_gets_snapshots_of_a_flex_cluster_on_the_tenant_api()
    {
        using HttpResponseMessage list = await GetAsync($"{FlexOnTenant}/snapshots", TenantVersion);
        using HttpResponseMessage one = await GetAsync($"{FlexOnTenant}/snapshots/{DemoSeed.FlexSnapshotId}", TenantVersion);
        using HttpResponseMessage cluster = await GetAsync($"{Group}/clusters/{DemoSeed.FlexSourceCluster}", ClusterVersion);

        list.StatusCode.Should().Be(HttpStatusCode.OK, await list.Content.ReadAsStringAsync());
        using JsonDocument listJson = await ReadJsonAsync(list);
        listJson.RootElement.GetProperty("results").GetArrayLength().Should().Be(3, "flex-source has three snapshots");
        one.StatusCode.Should().Be(HttpStatusCode.OK, await one.Content.ReadAsStringAsync());
        one.Content.Headers.ContentType!.MediaType.Should().Be(TenantVersion);
        await ShouldBeApiErrorAsync(cluster, HttpStatusCode.BadRequest, "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API");
    }

    [Fact]
    public async Task Serving_mode_restores_a_flex_cluster_through_the_tenant_api_and_the_flex_api_sees_the_same_job()
    {
        using HttpResponseMessage created = await PostAsync($"{FlexOnTenant}/restore",
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster }, TenantVersion);

        created.StatusCode.Should().Be(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        using JsonDocument job = await ReadJsonAsync(created);
        job.RootElement.GetProperty("clusterName").GetString().Should().Be(DemoSeed.FlexSourceCluster);
        job.RootElement.TryGetProperty("instanceName", out _).Should().BeFalse("the tenant schema names the source clusterName");
        string id = job.RootElement.GetProperty("id").GetString()!;

        using HttpResponseMessage tenantOne = await GetAsync($"{FlexOnTenant}/restores/{id}", TenantVersion);
        using HttpResponseMessage flexList = await GetAsync($"{Group}/flexClusters/{DemoSeed.FlexSourceCluster}/backup/restoreJobs");
        using HttpResponseMessage flexOne = await GetAsync($"{Group}/flexClusters/{DemoSeed.FlexSourceCluster}/backup/restoreJobs/{id}");

        tenantOne.StatusCode.Should().Be(HttpStatusCode.OK);
        using JsonDocument flexListJson = await ReadJsonAsync(flexList);
        flexListJson.RootElement.GetProperty("results").EnumerateArray().Select(j => j.GetProperty("id").GetString()).Should().Equal(id);
        using JsonDocument flexOneJson = await ReadJsonAsync(flexOne);
        flexOneJson.RootElement.GetProperty("instanceName").GetString().Should().Be(DemoSeed.FlexSourceCluster, "the Flex schema names the source instanceName");
        Emulator.State.RestoreJobs.Single().Api.Should().Be(RestoreApiFamily.Tenant);
        Emulator.State.CountRestoreJobsFor(DemoSeed.ProjectId, DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task Serving_mode_lists_a_flex_api_job_on_the_tenant_api()
    {
        using HttpResponseMessage created = await PostAsync($"{Group}/flexClusters/{DemoSeed.FlexSourceCluster}/backup/restoreJobs",
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster });
        using JsonDocument job = await ReadJsonAsync(created);
        string id = job.RootElement.GetProperty("id").GetString()!;

        using HttpResponseMessage tenantList = await GetAsync($"{FlexOnTenant}/restores", TenantVersion);

        tenantList.StatusCode.Should().Be(HttpStatusCode.OK, await tenantList.Content.ReadAsStringAsync());
        using JsonDocument listJson = await ReadJsonAsync(tenantList);
        JsonElement only = listJson.RootElement.GetProperty("results").EnumerateArray().Single();
        only.GetProperty("id").GetString().Should().Be(id);
        only.GetProperty("clusterName").GetString().Should().Be(DemoSeed.FlexSourceCluster);
    }

    [Fact]
    public async Task Serving_mode_downloads_a_flex_cluster_snapshot_through_the_tenant_api()
    {
        using HttpResponseMessage response = await PostAsync($"{FlexOnTenant}/download",
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexSourceCluster }, TenantVersion);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using JsonDocument json = await ReadJsonAsync(response);
        json.RootElement.GetProperty("deliveryType").GetString().Should().Be("DOWNLOAD");
    }

    [Fact]
    public async Task Gone_mode_answers_410_for_a_flex_cluster_on_the_tenant_api_too()
    {
        Emulator.TenantMode = TenantApiMode.Gone;

        using HttpResponseMessage response = await GetAsync($"{FlexOnTenant}/snapshots", TenantVersion);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.Gone, "VERSION_GONE");
    }

    [Fact]
    public async Task Dedicated_cluster_on_the_tenant_api_is_rejected()
    {
        using HttpResponseMessage response = await GetAsync($"{Group}/clusters/{DemoSeed.DedicatedTargetCluster}/backup/tenant/restores", TenantVersion);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.BadRequest, "CANNOT_USE_NON_TENANT_CLUSTER_IN_TENANT_API");
    }

    [Fact]
    public async Task Gone_mode_answers_410_version_gone_and_creates_nothing()
    {
        Emulator.TenantMode = TenantApiMode.Gone;

        using HttpResponseMessage response = await PostAsync($"{Tenant}/restore",
            new { snapshotId = DemoSeed.TenantSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster }, TenantVersion);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.Gone, "VERSION_GONE");
        (await response.Content.ReadAsStringAsync()).Should().Be(
            "{\"detail\":\"This happens when a resource is marked for sunset and the sunset date is in the past.\",\"error\":410,\"errorCode\":\"VERSION_GONE\",\"parameters\":[],\"reason\":\"Gone\"}");
        Emulator.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task NotFound_mode_answers_404_on_tenant_paths_only()
    {
        Emulator.TenantMode = TenantApiMode.NotFound;

        using HttpResponseMessage tenant = await Http.GetAsync($"{Tenant}/snapshots");
        using HttpResponseMessage flex = await GetAsync($"{Group}/flexClusters/{DemoSeed.FlexSourceCluster}");

        await ShouldBeApiErrorAsync(tenant, HttpStatusCode.NotFound, "RESOURCE_NOT_FOUND");
        flex.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Serving_mode_can_be_restored_after_gone()
    {
        Emulator.TenantMode = TenantApiMode.Gone;
        Emulator.TenantMode = TenantApiMode.Serving;

        using HttpResponseMessage response = await GetAsync($"{Tenant}/snapshots", TenantVersion);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
