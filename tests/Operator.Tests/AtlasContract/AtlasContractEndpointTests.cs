using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>Every endpoint the client has, in both authentication modes, against the emulator over HTTP.</summary>
public sealed class AtlasContractEndpointTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Project = AtlasContractHarness.ProjectId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(AtlasAuthMode.ApiKey)]
    [InlineData(AtlasAuthMode.ServiceAccount)]
    public async Task Every_flex_endpoint_answers_what_the_emulator_holds(AtlasAuthMode mode)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var credentials = AtlasContractHarness.CredentialsFor(mode);

        var cluster = await h.Client.GetFlexClusterAsync(credentials, Project, DemoSeed.FlexSourceCluster, None);
        var snapshots = await h.Client.ListSnapshotsAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);
        var snapshot = await h.Client.GetSnapshotAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, DemoSeed.FlexSnapshotId, None);
        var created = await h.Client.CreateRestoreJobAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None);
        var fetched = await h.Client.GetRestoreJobAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, created.Id, None);
        var listed = await h.Client.ListRestoreJobsAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);

        cluster.Name.Should().Be(DemoSeed.FlexSourceCluster);
        cluster.GroupId.Should().Be(Project);
        cluster.MongoDBVersion.Should().StartWith("8.0");
        snapshots.Select(s => s.Id).Should().HaveCount(3).And.Contain([DemoSeed.FlexSnapshotId, DemoSeed.OlderFlexSnapshotId]);
        snapshots.Should().OnlyContain(s => s.Status == "COMPLETED" && s.MongoDBVersion!.StartsWith("8.0"));
        snapshot.Id.Should().Be(DemoSeed.FlexSnapshotId);
        snapshot.FinishTime.Should().NotBeNull();
        created.Status.Should().Be("PENDING");
        created.DeliveryType.Should().Be("RESTORE");
        created.ClusterName.Should().Be(DemoSeed.FlexSourceCluster, "the Flex API names the source as instanceName");
        created.SnapshotId.Should().Be(DemoSeed.FlexSnapshotId);
        created.TargetDeploymentItemName.Should().Be(DemoSeed.FlexTargetCluster);
        created.RestoreScheduledDate.Should().Be(h.Clock.GetUtcNow());
        fetched.Should().BeEquivalentTo(created);
        listed.Select(j => j.Id).Should().Equal(created.Id);
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);

        foreach (var operation in new[]
        {
            AtlasOperations.GetFlexCluster, AtlasOperations.ListFlexSnapshots, AtlasOperations.GetFlexSnapshot,
            AtlasOperations.CreateFlexRestoreJob, AtlasOperations.GetFlexRestoreJob, AtlasOperations.ListFlexRestoreJobs,
        })
        {
            h.Authenticated(operation).Should().ContainSingle(operation)
                .Which.Should().Match<JournalEntry>(e => e.StatusCode == 200 && e.Identity == credentials.Identity);
        }
    }

    [Theory]
    [InlineData(AtlasAuthMode.ApiKey)]
    [InlineData(AtlasAuthMode.ServiceAccount)]
    public async Task Every_tenant_endpoint_answers_what_the_emulator_holds(AtlasAuthMode mode)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var credentials = AtlasContractHarness.CredentialsFor(mode);

        var snapshots = await h.Client.ListSnapshotsAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, None);
        var snapshot = await h.Client.GetSnapshotAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, DemoSeed.TenantSnapshotId, None);
        var created = await h.Client.CreateRestoreJobAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster,
            new AtlasRestoreRequest(DemoSeed.TenantSnapshotId, DemoSeed.DedicatedTargetCluster, Project), None);
        var fetched = await h.Client.GetRestoreJobAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, created.Id, None);
        var listed = await h.Client.ListRestoreJobsAsync(credentials, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, None);

        snapshots.Select(s => s.Id).Should().HaveCount(2).And.Contain(DemoSeed.TenantSnapshotId);
        snapshot.Id.Should().Be(DemoSeed.TenantSnapshotId);
        snapshot.Status.Should().Be("COMPLETED");
        created.Status.Should().Be("PENDING");
        created.ClusterName.Should().Be(DemoSeed.TenantSourceCluster, "the tenant API names the source as clusterName");
        created.TargetDeploymentItemName.Should().Be(DemoSeed.DedicatedTargetCluster);
        created.TargetProjectId.Should().Be(Project);
        fetched.Should().BeEquivalentTo(created);
        listed.Select(j => j.Id).Should().Equal(created.Id);
        h.State.CountRestoreJobsFor(Project, DemoSeed.DedicatedTargetCluster).Should().Be(1);

        foreach (var operation in new[]
        {
            AtlasOperations.ListTenantSnapshots, AtlasOperations.GetTenantSnapshot, AtlasOperations.CreateTenantRestore,
            AtlasOperations.GetTenantRestore, AtlasOperations.ListTenantRestores,
        })
        {
            h.Authenticated(operation).Should().ContainSingle(operation)
                .Which.Should().Match<JournalEntry>(e => e.StatusCode == 200 && e.Identity == credentials.Identity);
        }
    }

    [Theory]
    [InlineData(AtlasAuthMode.ApiKey)]
    [InlineData(AtlasAuthMode.ServiceAccount)]
    public async Task The_dedicated_cluster_lookup_reports_version_and_encryption(AtlasAuthMode mode)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var credentials = AtlasContractHarness.CredentialsFor(mode);

        var plain = await h.Client.GetClusterAsync(credentials, Project, DemoSeed.DedicatedTargetCluster, None);
        var encrypted = await h.Client.GetClusterAsync(credentials, Project, DemoSeed.EncryptedTargetCluster, None);

        plain.Name.Should().Be(DemoSeed.DedicatedTargetCluster);
        plain.GroupId.Should().Be(Project);
        plain.MongoDBMajorVersion.Should().Be("8.0");
        plain.EncryptionAtRestProvider.Should().Be("NONE");
        plain.StateName.Should().Be("IDLE");
        plain.Paused.Should().BeFalse();
        encrypted.EncryptionAtRestProvider.Should().Be("AWS");
        h.Authenticated(AtlasOperations.GetCluster).Should().HaveCount(2).And.OnlyContain(e => e.StatusCode == 200);
    }

    [Fact]
    public async Task The_client_names_each_operation_as_the_emulator_and_the_reference_do()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var key = AtlasContractHarness.ApiKey;
        var flexJob = await h.Client.CreateRestoreJobAsync(key, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None);
        await h.Client.GetRestoreJobAsync(key, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, flexJob.Id, None);
        await h.Client.ListRestoreJobsAsync(key, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);
        await h.Client.GetSnapshotAsync(key, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, DemoSeed.FlexSnapshotId, None);
        await h.Client.ListSnapshotsAsync(key, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);
        await h.Client.GetFlexClusterAsync(key, Project, DemoSeed.FlexSourceCluster, None);
        var tenantJob = await h.Client.CreateRestoreJobAsync(key, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster,
            new AtlasRestoreRequest(DemoSeed.TenantSnapshotId, DemoSeed.FlexTargetCluster, null), None);
        await h.Client.GetRestoreJobAsync(key, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, tenantJob.Id, None);
        await h.Client.ListRestoreJobsAsync(key, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, None);
        await h.Client.GetSnapshotAsync(key, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, DemoSeed.TenantSnapshotId, None);
        await h.Client.ListSnapshotsAsync(key, AtlasApiFamily.Tenant, Project, DemoSeed.TenantSourceCluster, None);
        await h.Client.GetClusterAsync(key, Project, DemoSeed.DedicatedTargetCluster, None);

        // The client's metric and log tag for each call is the emulator's journal name for the same request,
        // which is the reference's operation id, so dashboards, logs and the journal can be joined.
        var clientNames = h.Metrics.Measurements
            .Where(m => m.Instrument == AtlasClientMetrics.RequestsInstrument)
            .Select(m => m.Tags[AtlasClientMetrics.EndpointTag])
            .ToHashSet();
        var emulatorNames = h.Journal.Entries.Select(e => e.Operation).ToHashSet();
        clientNames.Should().HaveCount(12).And.BeEquivalentTo(emulatorNames);
    }
}
