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
