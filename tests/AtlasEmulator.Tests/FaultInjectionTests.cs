using System.Net;
using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests.TestSupport;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Tests;

public sealed class FaultInjectionTests : EmulatorTestBase
{
    private const string Source = Group + "/flexClusters/" + DemoSeed.FlexSourceCluster;
    private const string Create = Source + "/backup/restoreJobs";

    private static object Body => new { snapshotId = DemoSeed.FlexSnapshotId, targetDeploymentItemName = DemoSeed.FlexTargetCluster };

    [Fact]
    public async Task Drop_connection_fails_the_request_and_creates_nothing()
    {
        FaultRule rule = Emulator.Faults.DropConnection(AtlasOperations.CreateFlexRestoreJob);

        Func<Task> post = () => PostAsync(Create, Body);

        await post.Should().ThrowAsync<HttpRequestException>();
        rule.Applied.Should().Be(1);
        Emulator.State.RestoreJobs.Should().BeEmpty();
        JournalEntry entry = Emulator.Journal.Entries.Single(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Identity is not null);
        entry.ConnectionDropped.Should().BeTrue();
        entry.StatusCode.Should().Be(0);
        entry.Fault.Should().Be(FaultKind.DropConnection);
    }

    [Fact]
    public async Task Create_then_drop_creates_exactly_one_job_and_gives_no_answer()
    {
        Emulator.Faults.CreateThenDrop();

        Func<Task> post = () => PostAsync(Create, Body);

        await post.Should().ThrowAsync<HttpRequestException>();
        Emulator.State.CountRestoreJobsFor(DemoSeed.ProjectId, DemoSeed.FlexTargetCluster).Should().Be(1);

        using HttpResponseMessage list = await GetAsync(Create);
        using JsonDocument json = await ReadJsonAsync(list);
        json.RootElement.GetProperty("results").GetArrayLength().Should().Be(1, "the job is visible to a client that lists after the drop");
    }

    [Theory]
    [InlineData(500, "UNEXPECTED_ERROR")]
    [InlineData(503, "SERVICE_UNAVAILABLE")]
    public async Task Status_fault_answers_an_api_error_once_then_the_endpoint_works(int status, string errorCode)
    {
        Emulator.Faults.Status(AtlasOperations.CreateFlexRestoreJob, status);

        using HttpResponseMessage failed = await PostAsync(Create, Body);
        await ShouldBeApiErrorAsync(failed, (HttpStatusCode)status, errorCode);
        Emulator.State.RestoreJobs.Should().BeEmpty();

        using HttpResponseMessage ok = await PostAsync(Create, Body);
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Latency_holds_the_answer_until_the_clock_advances()
    {
        FaultRule rule = Emulator.Faults.Latency(AtlasOperations.GetFlexCluster, TimeSpan.FromSeconds(30));

        Task<HttpResponseMessage> pending = GetAsync(Source);
        await rule.FirstHit.WaitAsync(Safety);
        Clock.Advance(TimeSpan.FromSeconds(29));
        pending.IsCompleted.Should().BeFalse();
        Clock.Advance(TimeSpan.FromSeconds(1));

        using HttpResponseMessage response = await pending.WaitAsync(Safety);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Hold_keeps_a_post_in_flight_until_released()
    {
        HeldRequest held = Emulator.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);

        Task<HttpResponseMessage> pending = PostAsync(Create, Body);
        await held.Arrived.WaitAsync(Safety);
        Emulator.State.RestoreJobs.Should().BeEmpty("the held request has not been processed yet");
        held.Release();

        using HttpResponseMessage response = await pending.WaitAsync(Safety);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Emulator.State.RestoreJobs.Should().ContainSingle();
    }

    [Fact]
    public async Task Held_post_whose_client_gave_up_is_still_processed_on_release()
    {
        HeldRequest held = Emulator.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        using var crash = new CancellationTokenSource();

        Task<HttpResponseMessage> pending = PostWithCancellationAsync(crash.Token);
        await held.Arrived.WaitAsync(Safety);
        await crash.CancelAsync();
        Func<Task> cancelled = () => pending;
        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        held.Release();

        JournalEntry entry = await Emulator.Journal.WaitForAsync(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Fault == FaultKind.Hold).WaitAsync(Safety);
        entry.StatusCode.Should().Be(200);
        Emulator.State.CountRestoreJobsFor(DemoSeed.ProjectId, DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task Probability_rule_uses_the_seeded_random_and_count_limits_hits()
    {
        FaultRule rule = Emulator.Faults.Status(AtlasOperations.GetFlexCluster, 503, times: 3, probability: 0.5);

        int failures = 0;
        for (int i = 0; i < 20; i++)
        {
            using HttpResponseMessage response = await GetAsync(Source);
            failures += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        failures.Should().Be(3);
        rule.Applied.Should().Be(3);
    }

    [Fact]
    public async Task Clear_removes_rules_and_releases_held_requests()
    {
        HeldRequest held = Emulator.Faults.Hold(AtlasOperations.GetFlexCluster);
        Emulator.Faults.Status(AtlasOperations.GetFlexCluster, 500, times: null);

        Task<HttpResponseMessage> pending = GetAsync(Source);
        await held.Arrived.WaitAsync(Safety);
        Emulator.Faults.Clear();

        using HttpResponseMessage released = await pending.WaitAsync(Safety);
        using HttpResponseMessage after = await GetAsync(Source);
        released.StatusCode.Should().Be(HttpStatusCode.OK);
        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Predicate_rules_match_on_method_and_path()
    {
        Emulator.Faults.Status(request => request.Method == "GET" && request.Path.EndsWith("/snapshots", StringComparison.Ordinal), 500);

        using HttpResponseMessage cluster = await GetAsync(Source);
        using HttpResponseMessage snapshots = await GetAsync(Source + "/backup/snapshots");

        cluster.StatusCode.Should().Be(HttpStatusCode.OK);
        snapshots.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }

    private async Task<HttpResponseMessage> PostWithCancellationAsync(CancellationToken cancellationToken)
    {
        string token = await GetTokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, Create)
        {
            Content = new StringContent(JsonSerializer.Serialize(Body), System.Net.Http.Headers.MediaTypeHeaderValue.Parse(FlexVersion)),
        };
        request.Headers.Accept.ParseAdd(FlexVersion);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request, cancellationToken);
    }
}
