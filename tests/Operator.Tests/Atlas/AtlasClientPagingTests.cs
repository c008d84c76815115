using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>List calls return every item across pages.</summary>
public sealed class AtlasClientPagingTests
{
    private const string G = AtlasClientHarness.GroupId;

    [Fact]
    public async Task Flex_lists_follow_page_numbers_until_there_is_no_next_link()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { ListPageSize = 2 });
        h.Server.Api = (request, ctx) =>
        {
            var page = int.Parse(request.Query.Split("pageNum=")[1], System.Globalization.CultureInfo.InvariantCulture);
            var ids = page switch { 1 => new[] { "a1", "a2" }, 2 => ["b1", "b2"], _ => ["c1"] };
            var links = $$"""[{"href":"https://internal.example/x?pageNum={{page}}","rel":"self"}""" +
                (page < 3 ? $$""",{"href":"https://internal.example/x?pageNum={{page + 1}}","rel":"next"}]""" : "]");
            var results = string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","instanceName":"c0","status":"COMPLETED"}"""));
            return StubResponses.Json(ctx, 200, $$"""{"links":{{links}},"results":[{{results}}],"totalCount":5}""", StubResponses.Flex);
        };

        var jobs = await h.Client.ListRestoreJobsAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", CancellationToken.None);

        jobs.Select(j => j.Id).Should().Equal("a1", "a2", "b1", "b2", "c1");
        h.Server.ApiRequests.Select(r => r.PathAndQuery).Should().Equal(
            $"/api/atlas/v2/groups/{G}/flexClusters/c0/backup/restoreJobs?itemsPerPage=2&pageNum=1",
            $"/api/atlas/v2/groups/{G}/flexClusters/c0/backup/restoreJobs?itemsPerPage=2&pageNum=2",
            $"/api/atlas/v2/groups/{G}/flexClusters/c0/backup/restoreJobs?itemsPerPage=2&pageNum=3");
    }

    [Fact]
    public async Task Flex_lists_without_links_stop_at_the_first_short_page()
    {
        await using var h = await AtlasClientHarness.StartAsync(o => o with { ListPageSize = 2 });
        h.Server.Api = (request, ctx) =>
        {
            var body = request.Query.EndsWith("pageNum=3", StringComparison.Ordinal)
                ? """{"results":[{"id":"s5"}]}"""
                : """{"results":[{"id":"s1"},{"id":"s2"}]}""";
            return StubResponses.Json(ctx, 200, body, StubResponses.Flex);
        };

        var snapshots = await h.Client.ListSnapshotsAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", CancellationToken.None);

        snapshots.Should().HaveCount(5);
        h.Server.ApiRequests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Tenant_lists_follow_next_links_on_the_clients_own_base_url()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        var path = $"/api/atlas/v2/groups/{G}/clusters/src-m5/backup/tenant/restores";
        h.Server.Api = (request, ctx) =>
        {
            var (ids, next) = request.Query switch
            {
                "" => (new[] { "t1", "t2" }, "?pageNum=2"),
                "?pageNum=2" => (["t3"], "?pageNum=3"),
                _ => (["t4"], null),
            };
            var links = next is null ? "[]" : $$"""[{"href":"https://internal.mongodb.example{{path}}{{next}}","rel":"next"}]""";
            var results = string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","clusterName":"src-m5"}"""));
            return StubResponses.Json(ctx, 200, $$"""{"links":{{links}},"results":[{{results}}]}""", StubResponses.Tenant);
        };

        var jobs = await h.Client.ListRestoreJobsAsync(AtlasClientHarness.ApiKey, AtlasApiFamily.Tenant, G, "src-m5", CancellationToken.None);

        jobs.Select(j => j.Id).Should().Equal("t1", "t2", "t3", "t4");
        jobs.Should().OnlyContain(j => j.ClusterName == "src-m5");
        h.Server.ApiRequests.Where(r => r.Header("Authorization") is not null).Select(r => r.PathAndQuery).Should().Equal(path, path + "?pageNum=2", path + "?pageNum=3");
        h.Server.ApiRequests.Should().OnlyContain(r => r.Header("Accept") == StubResponses.Tenant);
    }

    [Fact]
    public async Task A_list_item_without_an_id_fails_the_list_rather_than_hiding_a_job()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, """{"results":[{"id":"a1"},{"status":"RUNNING"}]}""", StubResponses.Flex);

        var act = () => h.Client.ListRestoreJobsAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", CancellationToken.None);

        (await act.Should().ThrowAsync<AtlasApiException>()).Which.Kind.Should().Be(AtlasFailureKind.Ambiguous);
    }
}
