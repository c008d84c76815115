using System.Net;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class MediaTypeTests : EmulatorTestBase
{
    private const string FlexCluster = Group + "/flexClusters/" + DemoSeed.FlexSourceCluster;

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/vnd.atlas.2023-01-01+json")]
    [InlineData("application/vnd.atlas.2025-03-12+json")]
    public async Task Flex_endpoint_without_its_exact_version_is_406(string? accept)
    {
        using HttpResponseMessage response = await GetAsync(FlexCluster, accept);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotAcceptable, "INVALID_VERSION_DATE");
        (await response.Content.ReadAsStringAsync()).Should().Contain("application/vnd.atlas.2024-11-13+json");
    }

    [Fact]
    public async Task Tenant_endpoint_rejects_the_flex_version()
    {
        using HttpResponseMessage response = await GetAsync($"{Group}/clusters/{DemoSeed.TenantSourceCluster}/backup/tenant/snapshots", FlexVersion);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.NotAcceptable, "INVALID_VERSION_DATE");
    }

    [Fact]
    public async Task Accept_with_parameters_is_understood()
    {
        using HttpResponseMessage response = await GetAsync(FlexCluster, FlexVersion + ";charset=utf-8");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.atlas.2023-01-01+json")]
    public async Task Post_with_a_wrong_content_type_is_415_and_creates_nothing(string contentType)
    {
        using HttpResponseMessage response = await SendDigestAsync(HttpMethod.Post, $"{FlexCluster}/backup/restoreJobs", FlexVersion,
            new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster }, contentType);

        await ShouldBeApiErrorAsync(response, HttpStatusCode.UnsupportedMediaType, "INVALID_MEDIA_TYPE");
        Emulator.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task Pretty_prints_when_asked()
    {
        using HttpResponseMessage response = await GetAsync(FlexCluster + "?pretty=true");

        (await response.Content.ReadAsStringAsync()).Should().Contain("\n");
    }
}
