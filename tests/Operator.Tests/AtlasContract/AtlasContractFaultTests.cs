using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>
/// Each injected fault: reads are retried to success, a POST without a definite answer is Ambiguous and never
/// repeated, and the emulator's state shows whether the job exists (the case the reconciler must adopt).
/// </summary>
public sealed class AtlasContractFaultTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Project = AtlasContractHarness.ProjectId;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly AtlasRestoreRequest FlexRestore = new(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null);

    [Theory]
    [InlineData("500")]
    [InlineData("503")]
    [InlineData("drop")]
    public async Task A_read_that_meets_a_fault_is_retried_after_backoff_and_succeeds(string fault)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        _ = fault == "drop"
            ? h.Emulator.Faults.DropConnection(AtlasOperations.GetFlexRestoreJob, times: 1)
            : h.Emulator.Faults.Status(AtlasOperations.GetFlexRestoreJob, int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture), times: 1);
        var created = await h.Client.CreateRestoreJobAsync(AtlasContractHarness.ApiKey, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, FlexRestore, None);
        var timersBefore = h.Clock.TimerCount;

        var reading = h.Client.GetRestoreJobAsync(AtlasContractHarness.ApiKey, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, created.Id, None);
        var backoff = await h.Clock.WaitForTimerAsync(timersBefore, d => d > TimeSpan.Zero && d <= h.Client.Options.RetryBaseDelay);
        reading.IsCompleted.Should().BeFalse("the retry waits for its backoff on the fake clock");
        h.Clock.Advance(backoff);
        var job = await reading.WaitAsync(TimeSpan.FromSeconds(30));

        job.Id.Should().Be(created.Id);
        var attempts = h.Authenticated(AtlasOperations.GetFlexRestoreJob);
        attempts.Should().HaveCount(2);
        attempts[0].StatusCode.Should().Be(fault == "drop" ? 0 : int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture));
        attempts[1].StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task A_read_that_keeps_failing_gives_up_as_ambiguous_after_the_configured_retries()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger, client: c => c with { MaxRetries = 2, RetryBaseDelay = TimeSpan.Zero, RetryMaxDelay = TimeSpan.Zero });
        h.Emulator.Faults.Status(AtlasOperations.ListFlexSnapshots, 500, times: null);

        var thrown = await h.FailureOf(c => c.ListSnapshotsAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None));

        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.HttpStatus.Should().Be(500);
        thrown.ErrorCode.Should().Be("UNEXPECTED_ERROR");
        h.Authenticated(AtlasOperations.ListFlexSnapshots).Should().HaveCount(3, "one try and two retries");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_5xx_on_the_create_is_ambiguous_and_not_repeated_and_here_nothing_was_created(int status)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        h.Emulator.Faults.Status(AtlasOperations.CreateFlexRestoreJob, status, times: 1);

        var thrown = await h.FailureOf(c => c.CreateRestoreJobAsync(AtlasContractHarness.ApiKey, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, FlexRestore, None));

        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.HttpStatus.Should().Be(status);
        thrown.Message.Should().Contain("may have taken effect");
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Should().ContainSingle("an ambiguous POST is never repeated");
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(0);
    }

    [Theory]
    [InlineData(AtlasAuthMode.ApiKey)]
    [InlineData(AtlasAuthMode.ServiceAccount)]
    public async Task A_409_on_the_create_is_a_definite_rejection_sent_once_and_nothing_was_created(AtlasAuthMode mode)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        h.Emulator.Faults.Status(AtlasOperations.CreateFlexRestoreJob, 409, times: 1);

        var thrown = await h.FailureOf(c => c.CreateRestoreJobAsync(AtlasContractHarness.CredentialsFor(mode), AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, FlexRestore, None));

        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.IsDefiniteRejection.Should().BeTrue();
        thrown.HttpStatus.Should().Be(409);
        var posts = h.Authenticated(AtlasOperations.CreateFlexRestoreJob);
        posts.Should().ContainSingle("a definite rejection is not repeated").Which.StatusCode.Should().Be(409);
        posts.Single().Method.Should().Be("POST");
        h.State.RestoreJobs.Should().BeEmpty();
    }

    [Fact]
    public async Task A_dropped_connection_on_the_create_is_ambiguous_and_here_nothing_was_created()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        h.Emulator.Faults.DropConnection(AtlasOperations.CreateFlexRestoreJob, times: 1);

        var thrown = await h.FailureOf(c => c.CreateRestoreJobAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, FlexRestore, None));

        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.HttpStatus.Should().BeNull("no response arrived");
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Should().ContainSingle().Which.ConnectionDropped.Should().BeTrue();
        h.Wire.CountSent(HttpMethod.Post, "/backup/restoreJobs").Should().Be(1);
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(0);
    }

    [Theory]
    [InlineData(AtlasAuthMode.ApiKey)]
    [InlineData(AtlasAuthMode.ServiceAccount)]
    public async Task Create_then_drop_is_ambiguous_and_exactly_one_job_exists_to_be_adopted(AtlasAuthMode mode)
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var credentials = AtlasContractHarness.CredentialsFor(mode);
        h.Emulator.Faults.CreateThenDrop(AtlasOperations.CreateFlexRestoreJob, times: 1);

        var thrown = await h.FailureOf(c => c.CreateRestoreJobAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, FlexRestore, None));
        var visible = await h.Client.ListRestoreJobsAsync(credentials, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None);

        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.HttpStatus.Should().BeNull();
        thrown.Message.Should().Contain("may have taken effect");
        h.Wire.CountSent(HttpMethod.Post, "/backup/restoreJobs").Should().Be(1 + (mode == AtlasAuthMode.ApiKey ? 1 : 0), "one POST, plus the Digest challenge round");
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Should().ContainSingle();
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);
        visible.Should().ContainSingle(j => j.TargetDeploymentItemName == DemoSeed.FlexTargetCluster && j.SnapshotId == DemoSeed.FlexSnapshotId,
            "the job the lost answer described can be found and adopted");
    }

    [Fact]
    public async Task A_create_slower_than_the_request_timeout_is_ambiguous_and_the_job_appears_later()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger, client: c => c with { RequestTimeout = TimeSpan.FromSeconds(30) });
        var slow = h.Emulator.Faults.Latency(AtlasOperations.CreateFlexRestoreJob, TimeSpan.FromSeconds(45), times: 1);

        var creating = h.Client.CreateRestoreJobAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, FlexRestore, None);
        await slow.FirstHit.WaitAsync(TimeSpan.FromSeconds(30));
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        var thrown = await h.FailureOf(creating);

        thrown.Kind.Should().Be(AtlasFailureKind.Ambiguous);
        thrown.HttpStatus.Should().BeNull();
        thrown.Message.Should().Contain("no response within 30 s").And.Contain("may have taken effect");
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(0, "Atlas has not got to it yet");

        // The request is still inside Atlas: when its latency ends, the job is created although nobody hears the answer.
        h.Clock.Advance(TimeSpan.FromSeconds(15));
        await h.Journal.WaitForAsync(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Fault == FaultKind.Latency).WaitAsync(TimeSpan.FromSeconds(30));
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);
        h.Wire.CountSent(HttpMethod.Post, "/backup/restoreJobs").Should().Be(1, "the timed-out POST was not repeated");
    }

    [Fact]
    public async Task A_read_slower_than_the_request_timeout_is_retried_and_a_merely_slow_read_just_waits()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var timeout = h.Client.Options.RequestTimeout;
        var tooSlow = h.Emulator.Faults.Latency(AtlasOperations.GetFlexCluster, timeout + TimeSpan.FromSeconds(15), times: 1);
        var timersBefore = h.Clock.TimerCount;

        var reading = h.Client.GetFlexClusterAsync(AtlasContractHarness.ApiKey, Project, DemoSeed.FlexSourceCluster, None);
        await tooSlow.FirstHit.WaitAsync(TimeSpan.FromSeconds(30));
        h.Clock.Advance(timeout);
        var backoff = await h.Clock.WaitForTimerAsync(timersBefore, d => d > TimeSpan.Zero && d <= h.Client.Options.RetryBaseDelay);
        var slowButInTime = h.Emulator.Faults.Latency(AtlasOperations.GetFlexCluster, TimeSpan.FromSeconds(5), times: 1);
        h.Clock.Advance(backoff);
        await slowButInTime.FirstHit.WaitAsync(TimeSpan.FromSeconds(30));
        reading.IsCompleted.Should().BeFalse();
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        var cluster = await reading.WaitAsync(TimeSpan.FromSeconds(30));

        cluster.Name.Should().Be(DemoSeed.FlexSourceCluster);
        h.Wire.CountSent(HttpMethod.Get, "/flexClusters/" + DemoSeed.FlexSourceCluster).Should().Be(3, "challenge, timed-out try, retry");
    }

    [Fact]
    public async Task A_held_create_completes_once_released_with_exactly_one_job()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var held = h.Emulator.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);

        var creating = h.Client.CreateRestoreJobAsync(AtlasContractHarness.ApiKey, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, FlexRestore, None);
        await held.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        creating.IsCompleted.Should().BeFalse();
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(0);
        held.Release();
        var job = await creating.WaitAsync(TimeSpan.FromSeconds(30));

        job.Status.Should().Be("PENDING");
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Should().ContainSingle().Which.StatusCode.Should().Be(200);
    }
}
