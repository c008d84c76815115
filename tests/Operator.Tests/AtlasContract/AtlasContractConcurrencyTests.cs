using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>Many reconciles share one client: credentials are set up once and concurrent calls do not trip each other.</summary>
public sealed class AtlasContractConcurrencyTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Project = AtlasContractHarness.ProjectId;
    private const int Parallel = 15;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Concurrent_first_calls_of_a_service_account_share_one_token()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);

        var results = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ =>
            h.Client.ListSnapshotsAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster, None)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        results.Should().HaveCount(Parallel).And.OnlyContain(r => r.Count == 3);
        h.Journal.Count(AtlasOperations.IssueToken).Should().Be(1);
        h.Journal.Count(e => e.StatusCode != 200).Should().Be(0);
    }

    [Fact]
    public async Task Concurrent_calls_with_one_api_key_reuse_the_digest_nonce_without_extra_challenges()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        await h.Client.GetFlexClusterAsync(AtlasContractHarness.ApiKey, Project, DemoSeed.FlexSourceCluster, None);

        var results = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ =>
            h.Client.GetFlexClusterAsync(AtlasContractHarness.ApiKey, Project, DemoSeed.FlexSourceCluster, None)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        results.Should().OnlyContain(c => c.Name == DemoSeed.FlexSourceCluster);
        h.Journal.Count(e => e.StatusCode == 401).Should().Be(1, "only the warm-up call met a challenge");
        h.Authenticated(AtlasOperations.GetFlexCluster).Should().HaveCount(Parallel + 1).And.OnlyContain(e => e.StatusCode == 200);
    }

    [Fact]
    public async Task A_token_endpoint_slower_than_the_timeout_is_a_safe_retry_even_for_a_create()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var timeout = h.Client.Options.RequestTimeout;
        var slow = h.Emulator.Faults.Latency(AtlasOperations.IssueToken, timeout + TimeSpan.FromSeconds(30), times: 1);
        var timersBefore = h.Clock.TimerCount;

        var creating = h.Client.CreateRestoreJobAsync(AtlasContractHarness.ServiceAccount, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None);
        await slow.FirstHit.WaitAsync(TimeSpan.FromSeconds(30));
        h.Clock.Advance(timeout);
        var backoff = await h.Clock.WaitForTimerAsync(timersBefore, d => d > TimeSpan.Zero && d <= h.Client.Options.RetryBaseDelay);
        h.Clock.Advance(backoff);
        var job = await creating.WaitAsync(TimeSpan.FromSeconds(30));

        job.Status.Should().Be("PENDING");
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Should().ContainSingle("the create itself was sent once, after a token was in hand");
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task A_create_cancelled_by_its_caller_throws_cancellation_and_the_job_may_still_be_created()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var held = h.Emulator.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        using var cancel = new CancellationTokenSource();

        var creating = h.Client.CreateRestoreJobAsync(AtlasContractHarness.ApiKey, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), cancel.Token);
        await held.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();

        // Cancellation is the caller's own doing and surfaces as such, not as AtlasApiException: a caller that cancels
        // a create must treat its outcome as unknown, because the request already reached Atlas.
        await FluentActions.Awaiting(() => creating.WaitAsync(TimeSpan.FromSeconds(30))).Should().ThrowAsync<OperationCanceledException>();
        held.Release();
        await h.Journal.WaitForAsync(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Fault == FaultKind.Hold).WaitAsync(TimeSpan.FromSeconds(30));
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);
    }
}
