using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>Each error family the emulator produces, as the client's caller sees it: status, error code and Kind.</summary>
public sealed class AtlasContractErrorTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Project = AtlasContractHarness.ProjectId;
    private const string MissingProject = "0123456789abcdef01234567";
    private const string MissingSnapshot = "6650a1b2c3d4e5f6a7b8ffff";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly AtlasRestoreRequest FlexRestore = new(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null);

    [Fact]
    public async Task A_read_only_key_creating_a_restore_is_a_definite_403_and_creates_nothing()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        const string secret = "11112222-read-4333-8444-555566667777";
        ledger.AddSecret(secret);
        h.State.AddApiKey(new SeedApiKey
        {
            PublicKey = "readonly",
            PrivateKey = secret,
            ProjectRoles = new Dictionary<string, IReadOnlyList<string>> { [Project] = [AtlasRoles.ProjectReadOnly] },
        });
        var readOnly = new ApiKeyCredentials("readonly", secret);

        var listed = await h.Client.ListSnapshotsAsync(readOnly, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);
        var thrown = await h.FailureOf(c => c.CreateRestoreJobAsync(readOnly, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, FlexRestore, None));

        listed.Should().NotBeEmpty("reading is allowed to a read-only key");
        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.HttpStatus.Should().Be(403);
        thrown.ErrorCode.Should().Be("USER_UNAUTHORIZED");
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Should().ContainSingle("a 403 is definite and not retried");
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(0);
    }

    public static TheoryData<AtlasAuthMode, string, int, string> NotFoundAndWrongApi => new()
    {
        { AtlasAuthMode.ApiKey, "missing-cluster", 404, "CLUSTER_NOT_FOUND" },
        { AtlasAuthMode.ServiceAccount, "missing-cluster", 404, "CLUSTER_NOT_FOUND" },
        { AtlasAuthMode.ApiKey, "missing-project", 404, "GROUP_NOT_FOUND" },
        { AtlasAuthMode.ServiceAccount, "missing-project", 404, "GROUP_NOT_FOUND" },
        { AtlasAuthMode.ApiKey, "missing-snapshot", 404, "SNAPSHOT_NOT_FOUND" },
        { AtlasAuthMode.ServiceAccount, "restore-from-missing-snapshot", 404, "SNAPSHOT_NOT_FOUND" },
        { AtlasAuthMode.ApiKey, "flex-on-cluster-api", 400, "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API" },
        { AtlasAuthMode.ServiceAccount, "dedicated-on-tenant-api", 400, "CANNOT_USE_NON_TENANT_CLUSTER_IN_TENANT_API" },
        { AtlasAuthMode.ApiKey, "dedicated-on-flex-api", 400, "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API" },
        { AtlasAuthMode.ServiceAccount, "tenant-restore-on-flex-api", 400, "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API" },
        { AtlasAuthMode.ApiKey, "missing-restore-job", 404, "RESTORE_JOB_NOT_FOUND" },
        { AtlasAuthMode.ApiKey, "malformed-flex-restore-job-id", 400, "VALIDATION_ERROR" },
        { AtlasAuthMode.ServiceAccount, "malformed-tenant-restore-id", 400, "VALIDATION_ERROR" },
    };

    [Theory]
    [MemberData(nameof(NotFoundAndWrongApi))]
    public async Task Missing_things_and_the_wrong_api_are_definite_rejections_with_the_atlas_error_code(AtlasAuthMode mode, string scenario, int status, string errorCode)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var credentials = AtlasContractHarness.CredentialsFor(mode);
        Func<AtlasClient, Task<object>> call = scenario switch
        {
            "missing-cluster" => async c => await c.GetFlexClusterAsync(credentials, Project, "missing-cluster", None),
            "missing-project" => async c => await c.ListRestoreJobsAsync(credentials, AtlasApiFamily.Flex, MissingProject, DemoSeed.FlexSourceCluster, None),
            "missing-snapshot" => async c => await c.GetSnapshotAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, MissingSnapshot, None),
            "restore-from-missing-snapshot" => async c => await c.CreateRestoreJobAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
                new AtlasRestoreRequest(MissingSnapshot, DemoSeed.FlexTargetCluster, null), None),
            "flex-on-cluster-api" => async c => await c.GetClusterAsync(credentials, Project, DemoSeed.FlexSourceCluster, None),
            "dedicated-on-tenant-api" => async c => await c.ListSnapshotsAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.DedicatedTargetCluster, None),
            "dedicated-on-flex-api" => async c => await c.GetFlexClusterAsync(credentials, Project, DemoSeed.DedicatedTargetCluster, None),
            "tenant-restore-on-flex-api" => async c => await c.CreateRestoreJobAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.TenantSourceCluster,
                new AtlasRestoreRequest(DemoSeed.TenantSnapshotId, DemoSeed.FlexTargetCluster, null), None),
            "missing-restore-job" => async c => await c.GetRestoreJobAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, "6650a1b2c3d4e5f6a7b8abcd", None),
            // Upper-case hex breaks the id pattern ^([a-f0-9]{24})$.
            "malformed-flex-restore-job-id" => async c => await c.GetRestoreJobAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, "6650A1B2C3D4E5F6A7B8ABCD", None),
            "malformed-tenant-restore-id" => async c => await c.GetRestoreJobAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, "not-a-job-id", None),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "unknown scenario"),
        };

        var thrown = await h.FailureOf(call);

        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.IsDefiniteRejection.Should().BeTrue();
        thrown.HttpStatus.Should().Be(status);
        thrown.ErrorCode.Should().Be(errorCode);
        thrown.Message.Should().Contain(errorCode);
        h.Journal.Count(e => e.Identity is not null && e.StatusCode >= 400).Should().Be(1, "a definite rejection is not retried");
        h.State.RestoreJobs.Should().BeEmpty();
    }

    [Theory]
    [InlineData(TenantApiMode.Gone, 410, "VERSION_GONE")]
    [InlineData(TenantApiMode.NotFound, 404, "RESOURCE_NOT_FOUND")]
    public async Task A_retired_tenant_api_is_a_definite_rejection_that_points_to_flex(TenantApiMode tenantMode, int status, string errorCode)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        h.Emulator.TenantMode = tenantMode;

        var creating = await h.FailureOf(c => c.CreateRestoreJobAsync(AtlasContractHarness.ApiKey, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster,
            new AtlasRestoreRequest(DemoSeed.TenantSnapshotId, DemoSeed.DedicatedTargetCluster, null), None));
        var listing = await h.FailureOf(c => c.ListSnapshotsAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, None));
        var flexStillWorks = await h.Client.ListSnapshotsAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);

        foreach (var thrown in new[] { creating, listing })
        {
            thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
            thrown.HttpStatus.Should().Be(status);
            thrown.ErrorCode.Should().Be(errorCode);
            thrown.Message.Should().Contain("use api: Flex");
        }
        flexStillWorks.Should().HaveCount(3);
        h.State.RestoreJobs.Should().BeEmpty();
        h.Journal.Count(e => e.Operation == AtlasOperations.CreateTenantRestore && e.StatusCode == status).Should().Be(1, "a definite rejection is not retried");
    }
}
