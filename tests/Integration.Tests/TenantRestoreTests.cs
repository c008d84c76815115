using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// Restores of the former-M2 cluster through the tenant API, the choice <c>api: Auto</c> makes for each kind of
/// source, and the clear message once the tenant API is retired.
/// </summary>
public sealed class TenantRestoreTests : IAsyncLifetime
{
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Theory]
    [InlineData(RestoreApi.Tenant)]
    [InlineData(RestoreApi.Auto)]
    public async Task A_tenant_restore_goes_from_apply_to_completed_with_one_post_to_the_tenant_endpoint(RestoreApi api)
    {
        environment.StartOperator();

        await environment.CreateRestoreAsync("tenant", RestoreEnvironment.TenantSpec(s => s with { Api = api }));
        var done = await environment.WaitForAsync("tenant", r => r.IsTerminal());

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Api.Should().Be(ResolvedApi.Tenant);
        environment.Atlas.Journal.Count(AtlasOperations.CreateTenantRestore).Should().Be(1);
        environment.Atlas.Journal.Count(AtlasOperations.CreateFlexRestoreJob).Should().Be(0);
        environment.AcceptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.DedicatedTargetCluster).Should().Be(1);

        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        job.Api.Should().Be(RestoreApiFamily.Tenant);
        var mirrored = done.Status.Job!;
        mirrored.Id.Should().Be(job.Id);
        mirrored.Status.Should().Be("COMPLETED");
        mirrored.DeliveryType.Should().Be("RESTORE");
        mirrored.SnapshotId.Should().Be(DemoSeed.TenantSnapshotId);
        mirrored.TargetDeploymentItemName.Should().Be(DemoSeed.DedicatedTargetCluster);
        mirrored.RestoreScheduledDate.Should().Be(Seconds(job.CreatedAt));
        mirrored.ExpirationDate.Should().Be(Seconds(job.ExpirationDate!.Value));
        mirrored.SnapshotFinishedDate.Should().Be(job.SnapshotFinishedDate);
        mirrored.RestoreFinishedDate.Should().NotBeNull().And.BeOnOrAfter(mirrored.RestoreScheduledDate!.Value);
        done.Status.Adopted.Should().BeFalse();
        done.Status.StartTime.Should().NotBeNull();
        done.Status.CompletionTime.Should().NotBeNull();

        done.Metadata.Generation.Should().NotBeNull();
        done.Status.ObservedGeneration.Should().Be(done.Metadata.Generation);
        done.Status.Conditions.Should().OnlyContain(c => c.ObservedGeneration == done.Metadata.Generation);
        done.Condition(RestoreCondition.Ready).Status.Should().Be("True");
        done.Condition(RestoreCondition.Ready).Reason.Should().Be(RestoreReasons.Completed);
        done.Condition(RestoreCondition.Ready).Message.Should().Contain(job.Id).And.Contain(DemoSeed.DedicatedTargetCluster);
        done.Condition(RestoreCondition.Reconciling).Status.Should().Be("False");
        done.Condition(RestoreCondition.Stalled).Status.Should().Be("False");
        done.Condition(RestoreCondition.Submitted).Status.Should().Be("True");
        done.Condition(RestoreCondition.Submitted).Reason.Should().Be(RestoreReasons.JobSubmitted);

        var completed = await environment.WaitForEventAsync("tenant", RestoreReasons.Completed);
        completed.Message.Should().Contain(job.Id);
        var reasons = (await environment.EventsOfAsync("tenant")).Select(e => e.Reason).ToList();
        reasons.Should().Contain([RestoreReasons.Submitting, RestoreReasons.Submitted, RestoreReasons.Completed]);
        reasons.Should().NotContain(RestoreReasons.Adopted);
        await environment.AssertNoSecretsLeakedAsync("tenant");
    }

    [Fact]
    public async Task Auto_chooses_flex_for_a_flex_source_and_records_it()
    {
        environment.StartOperator();

        await environment.CreateRestoreAsync("auto-flex", RestoreEnvironment.FlexSpec(s => s with { Api = RestoreApi.Auto }));
        var done = await environment.WaitForAsync("auto-flex", r => r.IsTerminal());

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Api.Should().Be(ResolvedApi.Flex);
        environment.Atlas.Journal.Count(AtlasOperations.CreateFlexRestoreJob).Should().Be(1);
        environment.Atlas.Journal.Count(AtlasOperations.CreateTenantRestore).Should().Be(0);
        // Auto asked the Flex API about the source before choosing.
        environment.Atlas.Journal.Entries.Should().Contain(e =>
            e.Operation == AtlasOperations.GetFlexCluster && e.Path.EndsWith("/flexClusters/" + DemoSeed.FlexSourceCluster, StringComparison.Ordinal));
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task Auto_chooses_tenant_for_a_former_m2_source_after_the_flex_api_declines_it()
    {
        environment.StartOperator();

        await environment.CreateRestoreAsync("auto-tenant", RestoreEnvironment.TenantSpec());
        var done = await environment.WaitForAsync("auto-tenant", r => r.IsTerminal());

        done.Status!.Api.Should().Be(ResolvedApi.Tenant);
        done.Status.Phase.Should().Be(RestorePhase.Completed);
        environment.Atlas.Journal.Entries.Should().Contain(e =>
            e.Operation == AtlasOperations.GetFlexCluster && e.ErrorCode == "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API");
        environment.Atlas.Journal.Count(AtlasOperations.CreateTenantRestore).Should().Be(1);
        environment.Atlas.Journal.Count(AtlasOperations.CreateFlexRestoreJob).Should().Be(0);
    }

    [Theory]
    [InlineData(TenantApiMode.Gone, RestoreApi.Tenant)]
    [InlineData(TenantApiMode.NotFound, RestoreApi.Tenant)]
    [InlineData(TenantApiMode.Gone, RestoreApi.Auto)]
    public async Task The_retired_tenant_api_fails_with_a_message_naming_the_sunset_and_api_flex(TenantApiMode mode, RestoreApi api)
    {
        environment.Atlas.TenantMode = mode;
        environment.StartOperator();

        await environment.CreateRestoreAsync("retired", RestoreEnvironment.TenantSpec(s => s with { Api = api }));
        var failed = await environment.WaitForAsync("retired", r => r.IsTerminal());

        failed.Status!.Phase.Should().Be(RestorePhase.Failed);
        failed.Status.Api.Should().Be(ResolvedApi.Tenant);
        failed.Status.Job.Should().BeNull();
        var stalled = failed.Condition(RestoreCondition.Stalled);
        stalled.Status.Should().Be("True");
        stalled.Reason.Should().Be(RestoreReasons.TenantApiRetired);
        stalled.Message.Should().Contain("2026-01-22").And.Contain("api: Flex");
        stalled.ObservedGeneration.Should().Be(failed.Metadata.Generation);
        failed.Condition(RestoreCondition.Ready).Status.Should().Be("False");
        failed.Condition(RestoreCondition.Reconciling).Status.Should().Be("False");
        failed.Condition(RestoreCondition.Submitted).Status.Should().Be("False");

        var warning = await environment.WaitForEventAsync("retired", RestoreReasons.TenantApiRetired);
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Be(stalled.Message);
        environment.AttemptedPosts().Should().Be(0);
        environment.JobsFor(DemoSeed.DedicatedTargetCluster).Should().Be(0);
    }

    // Atlas times carry whole seconds.
    private static DateTimeOffset Seconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));
}
