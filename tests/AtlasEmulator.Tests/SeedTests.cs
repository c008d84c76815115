using System.Net;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class SeedTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("atlas-seed-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Demo_seed_round_trips_through_a_json_file()
    {
        string path = Path.Combine(directory, "seed.json");
        File.WriteAllText(path, AtlasSeed.Demo.ToJson());

        AtlasSeed loaded = AtlasSeed.Load(path);

        loaded.ToJson().Should().Be(AtlasSeed.Demo.ToJson());
        loaded.Projects.Single().Clusters.Select(c => (c.Name, c.Kind)).Should().Contain((DemoSeed.TenantSourceCluster, ClusterKind.Tenant));
        loaded.ApiKeys.Single().ProjectRoles[DemoSeed.ProjectId].Should().Equal(AtlasRoles.ProjectOwner);
    }

    [Fact]
    public void Demo_seed_has_a_service_account_an_api_key_and_a_cluster_of_each_kind_with_snapshots_to_restore()
    {
        AtlasSeed demo = AtlasSeed.Demo;
        SeedProject project = demo.Projects.Should().ContainSingle().Which;

        project.Id.Should().Be(DemoSeed.ProjectId);
        demo.ServiceAccounts.Should().ContainSingle(a => a.ClientId == DemoSeed.ClientId && a.ClientSecret == DemoSeed.ClientSecret)
            .Which.ProjectRoles[DemoSeed.ProjectId].Should().Contain(AtlasRoles.ProjectOwner);
        demo.ApiKeys.Should().ContainSingle(k => k.PublicKey == DemoSeed.PublicKey && k.PrivateKey == DemoSeed.PrivateKey)
            .Which.ProjectRoles[DemoSeed.ProjectId].Should().Contain(AtlasRoles.ProjectOwner);
        project.Clusters.Select(c => c.Kind).Distinct().Should().BeEquivalentTo([ClusterKind.Flex, ClusterKind.Tenant, ClusterKind.Dedicated]);
        SeedCluster flex = project.Clusters.Single(c => c.Name == DemoSeed.FlexSourceCluster);
        SeedCluster tenant = project.Clusters.Single(c => c.Name == DemoSeed.TenantSourceCluster);
        flex.Kind.Should().Be(ClusterKind.Flex);
        tenant.Kind.Should().Be(ClusterKind.Tenant, "the former M2 cluster is served by the tenant API");
        tenant.InstanceSizeName.Should().Be("M2");
        flex.Snapshots.Select(s => s.Id).Should().Contain([DemoSeed.FlexSnapshotId, DemoSeed.OlderFlexSnapshotId]);
        tenant.Snapshots.Select(s => s.Id).Should().Contain(DemoSeed.TenantSnapshotId);
        flex.Snapshots.Concat(tenant.Snapshots).Should().OnlyContain(s => s.Status == "COMPLETED");
        project.Clusters.Should().Contain(c => c.Name == DemoSeed.DedicatedTargetCluster && c.Kind == ClusterKind.Dedicated && c.EncryptionAtRestProvider == "NONE");
    }

    [Fact]
    public void Json_uses_camel_case_string_enums_and_second_precision_times()
    {
        string json = AtlasSeed.Demo.ToJson();

        json.Should().Contain("\"kind\": \"Flex\"").And.Contain("\"mongoDBVersion\": \"8.0.4\"").And.Contain("\"scheduledTime\": \"2026-11-27T17:05:10Z\"");
    }

    [Fact]
    public void Malformed_file_names_the_file()
    {
        string path = Path.Combine(directory, "broken.json");
        File.WriteAllText(path, "{\"projects\": [{\"name\": \"missing id\"}]}");

        Action load = () => AtlasSeed.Load(path);

        load.Should().Throw<InvalidDataException>().WithMessage($"*{path}*");
    }

    [Fact]
    public async Task Invalid_options_are_rejected_naming_the_setting()
    {
        Func<Task> start = () => AtlasEmulator.StartAsync(new AtlasEmulatorOptions { RateLimit = new RateLimitOptions { RefillPeriod = TimeSpan.Zero } });

        await start.Should().ThrowAsync<ArgumentException>().WithMessage("*RateLimit*RefillPeriod*");
    }

    [Fact]
    public async Task Emulator_started_from_a_loaded_seed_serves_it()
    {
        string path = Path.Combine(directory, "small.json");
        File.WriteAllText(path, """
            {
              // comments are allowed
              "projects": [{
                "id": "aaaaaaaaaaaaaaaaaaaaaaaa",
                "clusters": [{ "name": "only", "kind": "Flex", "mongoDBVersion": "7.0.1",
                               "snapshots": [{ "id": "bbbbbbbbbbbbbbbbbbbbbbbb", "mongoDBVersion": "7.0.1", "scheduledTime": "2026-01-01T00:00:00Z" }] }],
                "restoreJobs": [{ "id": "cccccccccccccccccccccccc", "clusterName": "only", "snapshotId": "bbbbbbbbbbbbbbbbbbbbbbbb",
                                  "targetDeploymentItemName": "only", "restoreScheduledDate": "2026-01-01T01:00:00Z", "status": "COMPLETED" }]
              }],
              "apiKeys": [{ "publicKey": "pk", "privateKey": "sk", "projectRoles": { "aaaaaaaaaaaaaaaaaaaaaaaa": ["GROUP_READ_ONLY"] } }]
            }
            """);

        await using AtlasEmulator emulator = await AtlasEmulator.StartAsync(new AtlasEmulatorOptions { Seed = AtlasSeed.Load(path) });

        emulator.State.FindCluster("aaaaaaaaaaaaaaaaaaaaaaaa", "only")!.Kind.Should().Be(ClusterKind.Flex);
        emulator.State.FindRestoreJob("cccccccccccccccccccccccc")!.Api.Should().Be(RestoreApiFamily.Flex);
        emulator.State.StatusOf(emulator.State.FindRestoreJob("cccccccccccccccccccccccc")!).Should().Be("COMPLETED");
        emulator.BaseUrl.Host.Should().Be("127.0.0.1");
        emulator.BaseUrl.Port.Should().BeGreaterThan(0);

        using var http = new HttpClient { BaseAddress = emulator.BaseUrl };
        using HttpResponseMessage challenge = await http.GetAsync("/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa/flexClusters/only");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa/flexClusters/only");
        request.Headers.TryAddWithoutValidation("Accept", EmulatorTestBase.FlexVersion);
        request.Headers.TryAddWithoutValidation("Authorization", DigestAuthorization.Create(
            challenge.Headers.WwwAuthenticate.ToString(), "pk", "sk", "GET", "/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa/flexClusters/only"));
        using HttpResponseMessage response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
