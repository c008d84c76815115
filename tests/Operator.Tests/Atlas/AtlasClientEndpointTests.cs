using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>Each endpoint: method, path, exact media types, body sent, and what the client makes of the answer.</summary>
public sealed class AtlasClientEndpointTests
{
    private const string G = AtlasClientHarness.GroupId;

    private const string FlexJob = """
        {"deliveryType":"RESTORE","expirationDate":"2026-08-10T09:03:29Z","id":"6a793f812c88faeba59bc399","instanceName":"snapshotCluster0",
         "projectId":"32b6e34b3d91647abb20e7b8","restoreScheduledDate":"2026-08-10T03:03:29Z","snapshotFinishedDate":"2026-08-02T17:06:56Z",
         "snapshotId":"6a6f78e0cab84da5c4476b25","status":"PENDING","targetDeploymentItemName":"cluster-833","targetProjectId":"b0123456789abcdef012345b",
         "someFutureField":{"nested":[1,2,3]}}
        """;

    private const string TenantJob = """
        {"clusterName":"src-m5","deliveryType":"RESTORE","id":"6a793f812c88faeba59bc399","projectId":"32b6e34b3d91647abb20e7b8",
         "restoreScheduledDate":"2026-01-10T03:03:29Z","snapshotFinishedDate":"2026-01-09T17:06:56Z","snapshotId":"5f4a1c2b3d4e5f60718293a4",
         "status":"CLOSED","targetDeploymentItemName":"target-cluster"}
        """;

    private const string Snapshot = """
        {"expiration":"2026-08-10T17:05:10Z","finishTime":"2026-08-02T17:06:56Z","id":"6a6f78e0cab84da5c4476b25","mongoDBVersion":"8.0.29",
         "scheduledTime":"2026-08-02T17:05:10Z","startTime":"2026-08-02T17:05:37Z","status":"COMPLETED","links":[]}
        """;

    [Fact]
    public async Task Flex_create_posts_only_the_writable_fields_with_the_flex_media_type()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, FlexJob, StubResponses.Flex + ";charset=utf-8");

        var job = await h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "snapshotCluster0",
            new AtlasRestoreRequest("6a6f78e0cab84da5c4476b25", "cluster-833", "b0123456789abcdef012345b"), CancellationToken.None);

        var post = h.Server.ApiRequests.Should().ContainSingle().Subject;
        post.Method.Should().Be("POST");
        post.PathAndQuery.Should().Be($"/api/atlas/v2/groups/{G}/flexClusters/snapshotCluster0/backup/restoreJobs");
        post.Header("Accept").Should().Be("application/vnd.atlas.2024-11-13+json");
        post.Header("Content-Type").Should().Be("application/vnd.atlas.2024-11-13+json");
        post.Body.Should().Be("""{"snapshotId":"6a6f78e0cab84da5c4476b25","targetDeploymentItemName":"cluster-833","targetProjectId":"b0123456789abcdef012345b"}""");
        job.Should().BeEquivalentTo(new AtlasRestoreJob
        {
            Id = "6a793f812c88faeba59bc399",
            Status = "PENDING",
            DeliveryType = "RESTORE",
            ProjectId = G,
            ClusterName = "snapshotCluster0",
            SnapshotId = "6a6f78e0cab84da5c4476b25",
            TargetDeploymentItemName = "cluster-833",
            TargetProjectId = "b0123456789abcdef012345b",
            RestoreScheduledDate = new DateTimeOffset(2026, 8, 10, 3, 3, 29, TimeSpan.Zero),
            SnapshotFinishedDate = new DateTimeOffset(2026, 8, 2, 17, 6, 56, TimeSpan.Zero),
            ExpirationDate = new DateTimeOffset(2026, 8, 10, 9, 3, 29, TimeSpan.Zero),
        });
    }

    [Fact]
    public async Task Tenant_create_uses_the_tenant_path_and_media_type_and_omits_an_unset_target_project()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, TenantJob, StubResponses.Tenant);

        var job = await h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Tenant, G, "src-m5",
            new AtlasRestoreRequest("5f4a1c2b3d4e5f60718293a4", "target-cluster", null), CancellationToken.None);

        var post = h.Server.ApiRequests.Should().ContainSingle().Subject;
        post.Method.Should().Be("POST");
        post.PathAndQuery.Should().Be($"/api/atlas/v2/groups/{G}/clusters/src-m5/backup/tenant/restore");
        post.Header("Accept").Should().Be("application/vnd.atlas.2023-01-01+json");
        post.Header("Content-Type").Should().Be("application/vnd.atlas.2023-01-01+json");
        post.Body.Should().Be("""{"snapshotId":"5f4a1c2b3d4e5f60718293a4","targetDeploymentItemName":"target-cluster"}""");
        job.ClusterName.Should().Be("src-m5", "the tenant API names the source cluster clusterName");
        job.Status.Should().Be("CLOSED", "status is an open enum");
        job.IsTerminal.Should().BeFalse();
        job.RestoreFinishedDate.Should().BeNull();
        job.TargetProjectId.Should().BeNull();
    }

    [Theory]
    [InlineData(AtlasApiFamily.Flex, "/flexClusters/c0/backup/restoreJobs/6a793f812c88faeba59bc399", StubResponses.Flex)]
    [InlineData(AtlasApiFamily.Tenant, "/clusters/c0/backup/tenant/restores/6a793f812c88faeba59bc399", StubResponses.Tenant)]
    public async Task Get_restore_job_reads_one_job(AtlasApiFamily api, string suffix, string mediaType)
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, api == AtlasApiFamily.Flex ? FlexJob : TenantJob, mediaType);

        var job = await h.Client.GetRestoreJobAsync(AtlasClientHarness.ServiceAccount, api, G, "c0", "6a793f812c88faeba59bc399", CancellationToken.None);

        var get = h.Server.ApiRequests.Should().ContainSingle().Subject;
        get.Method.Should().Be("GET");
        get.PathAndQuery.Should().Be($"/api/atlas/v2/groups/{G}{suffix}");
        get.Header("Accept").Should().Be(mediaType);
        get.Header("Content-Type").Should().BeNull();
        job.Id.Should().Be("6a793f812c88faeba59bc399");
        job.ClusterName.Should().Be(api == AtlasApiFamily.Flex ? "snapshotCluster0" : "src-m5");
    }

    [Theory]
    [InlineData(AtlasApiFamily.Flex, "/flexClusters/c0/backup/restoreJobs?itemsPerPage=500&pageNum=1", StubResponses.Flex)]
    [InlineData(AtlasApiFamily.Tenant, "/clusters/c0/backup/tenant/restores", StubResponses.Tenant)]
    public async Task List_restore_jobs_reads_the_envelope(AtlasApiFamily api, string suffix, string mediaType)
    {
        await using var h = await AtlasClientHarness.StartAsync();
        var item = api == AtlasApiFamily.Flex ? FlexJob : TenantJob;
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, $$"""{"links":[{"href":"https://internal.example/x","rel":"self"}],"results":[{{item}}],"totalCount":1}""", mediaType);

        var jobs = await h.Client.ListRestoreJobsAsync(AtlasClientHarness.ServiceAccount, api, G, "c0", CancellationToken.None);

        var get = h.Server.ApiRequests.Should().ContainSingle().Subject;
        get.Method.Should().Be("GET");
        get.PathAndQuery.Should().Be($"/api/atlas/v2/groups/{G}{suffix}");
        get.Header("Accept").Should().Be(mediaType);
        jobs.Should().ContainSingle().Which.Id.Should().Be("6a793f812c88faeba59bc399");
    }

    [Theory]
    [InlineData(AtlasApiFamily.Flex, "/flexClusters/c0/backup/snapshots/6a6f78e0cab84da5c4476b25", StubResponses.Flex)]
    [InlineData(AtlasApiFamily.Tenant, "/clusters/c0/backup/tenant/snapshots/6a6f78e0cab84da5c4476b25", StubResponses.Tenant)]
    public async Task Get_snapshot_reads_one_snapshot(AtlasApiFamily api, string suffix, string mediaType)
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, Snapshot, mediaType);

        var snapshot = await h.Client.GetSnapshotAsync(AtlasClientHarness.ServiceAccount, api, G, "c0", "6a6f78e0cab84da5c4476b25", CancellationToken.None);

        var get = h.Server.ApiRequests.Should().ContainSingle().Subject;
        get.Method.Should().Be("GET");
        get.PathAndQuery.Should().Be($"/api/atlas/v2/groups/{G}{suffix}");
        get.Header("Accept").Should().Be(mediaType);
        snapshot.Should().BeEquivalentTo(new AtlasSnapshot
        {
            Id = "6a6f78e0cab84da5c4476b25",
            Status = "COMPLETED",
            MongoDBVersion = "8.0.29",
            ScheduledTime = new DateTimeOffset(2026, 8, 2, 17, 5, 10, TimeSpan.Zero),
            StartTime = new DateTimeOffset(2026, 8, 2, 17, 5, 37, TimeSpan.Zero),
            FinishTime = new DateTimeOffset(2026, 8, 2, 17, 6, 56, TimeSpan.Zero),
            Expiration = new DateTimeOffset(2026, 8, 10, 17, 5, 10, TimeSpan.Zero),
        });
    }

    [Theory]
    [InlineData(AtlasApiFamily.Flex, "/flexClusters/c0/backup/snapshots?itemsPerPage=500&pageNum=1", StubResponses.Flex)]
    [InlineData(AtlasApiFamily.Tenant, "/clusters/c0/backup/tenant/snapshots", StubResponses.Tenant)]
    public async Task List_snapshots_reads_the_envelope(AtlasApiFamily api, string suffix, string mediaType)
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, $$"""{"results":[{{Snapshot}}],"totalCount":1}""", mediaType);

        var snapshots = await h.Client.ListSnapshotsAsync(AtlasClientHarness.ServiceAccount, api, G, "c0", CancellationToken.None);

        var get = h.Server.ApiRequests.Should().ContainSingle().Subject;
        get.PathAndQuery.Should().Be($"/api/atlas/v2/groups/{G}{suffix}");
        get.Header("Accept").Should().Be(mediaType);
        snapshots.Should().ContainSingle().Which.MongoDBVersion.Should().Be("8.0.29");
    }

    [Fact]
    public async Task Get_flex_cluster_reads_version_and_state()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, """
            {"backupSettings":{"enabled":true},"clusterType":"REPLICASET","createDate":"2026-08-10T03:02:59Z","groupId":"32b6e34b3d91647abb20e7b8",
             "id":"6a793f632c88faeba59ba9d2","mongoDBVersion":"8.0.29","name":"cluster-833",
             "providerSettings":{"backingProviderName":"AWS","diskSizeGB":5.0,"providerName":"FLEX","regionName":"US_EAST_1"},
             "stateName":"IDLE","tags":[],"terminationProtectionEnabled":false,"versionReleaseSystem":"LTS"}
            """, StubResponses.Flex);

        var cluster = await h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, G, "cluster-833", CancellationToken.None);

        var get = h.Server.ApiRequests.Should().ContainSingle().Subject;
        get.Method.Should().Be("GET");
        get.PathAndQuery.Should().Be($"/api/atlas/v2/groups/{G}/flexClusters/cluster-833");
        get.Header("Accept").Should().Be("application/vnd.atlas.2024-11-13+json");
        cluster.Should().BeEquivalentTo(new AtlasFlexCluster { Name = "cluster-833", GroupId = G, MongoDBVersion = "8.0.29", StateName = "IDLE" });
    }

    [Fact]
    public async Task Get_cluster_uses_the_2024_08_05_media_type_and_reads_the_preflight_fields()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, """
            {"name":"prod-m10","groupId":"32b6e34b3d91647abb20e7b8","id":"65b0c1d2e3f4a5b6c7d8e9f0","clusterType":"REPLICASET",
             "mongoDBMajorVersion":"8.0","mongoDBVersion":"8.0.29","encryptionAtRestProvider":"AWS","stateName":"UPDATING","paused":false,"backupEnabled":true,
             "replicationSpecs":[{"regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","electableSpecs":{"instanceSize":"M10","nodeCount":3}}]}]}
            """, StubResponses.Cluster);

        var cluster = await h.Client.GetClusterAsync(AtlasClientHarness.ServiceAccount, G, "prod-m10", CancellationToken.None);

        var get = h.Server.ApiRequests.Should().ContainSingle().Subject;
        get.PathAndQuery.Should().Be($"/api/atlas/v2/groups/{G}/clusters/prod-m10");
        get.Header("Accept").Should().Be("application/vnd.atlas.2024-08-05+json");
        cluster.Should().BeEquivalentTo(new AtlasDedicatedCluster
        {
            Name = "prod-m10",
            GroupId = G,
            MongoDBMajorVersion = "8.0",
            MongoDBVersion = "8.0.29",
            EncryptionAtRestProvider = "AWS",
            StateName = "UPDATING",
            Paused = false,
        });
    }

    [Fact]
    public async Task Missing_optional_fields_and_an_odd_date_do_not_break_parsing()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, """{"id":"6a793f812c88faeba59bc399","restoreFinishedDate":"not a date"}""", StubResponses.Flex);

        var job = await h.Client.GetRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0", "6a793f812c88faeba59bc399", CancellationToken.None);

        job.Should().BeEquivalentTo(new AtlasRestoreJob { Id = "6a793f812c88faeba59bc399" });
    }

    [Fact]
    public async Task A_success_without_a_readable_body_is_ambiguous()
    {
        await using var h = await AtlasClientHarness.StartAsync();
        h.Server.Api = (_, ctx) => StubResponses.Json(ctx, 200, "<html>proxy page</html>", "text/html");

        var act = () => h.Client.CreateRestoreJobAsync(AtlasClientHarness.ServiceAccount, AtlasApiFamily.Flex, G, "c0",
            new AtlasRestoreRequest("6a6f78e0cab84da5c4476b25", "t", null), CancellationToken.None);

        var thrown = await act.Should().ThrowAsync<AtlasApiException>();
        thrown.Which.Kind.Should().Be(AtlasFailureKind.Ambiguous, "a POST answered 200 may have created the job");
        thrown.Which.Message.Should().StartWith($"Atlas answered POST /api/atlas/v2/groups/{G}/flexClusters/c0/backup/restoreJobs with a body that could not be read");
    }

    [Fact]
    public async Task Blank_arguments_are_refused_before_any_request_naming_the_argument()
    {
        await using var h = await AtlasClientHarness.StartAsync();

        var act = () => h.Client.GetFlexClusterAsync(AtlasClientHarness.ServiceAccount, " ", "c0", CancellationToken.None);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("groupId");
        h.Server.Requests.Should().BeEmpty();
    }
}
