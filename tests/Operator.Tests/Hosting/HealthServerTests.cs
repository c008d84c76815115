using System.Diagnostics.Metrics;
using System.Net;
using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Operator.Runtime.LeaderElection;
using AtlasRestoreOperator.Operator.Tests.Runtime.LeaderElection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

public sealed class HealthServerTests : IAsyncLifetime
{
    private readonly HealthServer server = new(new HealthServerOptions { BindAddress = "127.0.0.1", Port = 0 }, NullLoggerFactory.Instance);
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Task InitializeAsync() => server.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public void The_base_url_names_the_port_the_system_picked()
    {
        server.BaseUrl.Host.Should().Be("127.0.0.1");
        server.BaseUrl.Port.Should().BePositive();
    }

    [Fact]
    public async Task Healthz_is_200_while_checks_pass_and_500_listing_the_failed_check_otherwise()
    {
        var informerHealthy = true;
        server.AddHealthCheck("informer", () => informerHealthy ? HealthCheckResult.Healthy : HealthCheckResult.Unhealthy("no watch event or bookmark for 11m"));
        server.AddHealthCheck("work-queue", () => HealthCheckResult.Healthy);

        var (okStatus, okBody) = await GetAsync("healthz");
        okStatus.Should().Be(HttpStatusCode.OK);
        okBody.Should().Be("ok\n");

        informerHealthy = false;
        var (failStatus, failBody) = await GetAsync("healthz");
        failStatus.Should().Be(HttpStatusCode.InternalServerError);
        failBody.Should().Be("healthz check failed:\n- informer: no watch event or bookmark for 11m\n");
    }

    [Fact]
    public async Task A_check_that_throws_counts_as_failed_without_leaking_its_message()
    {
        server.AddHealthCheck("atlas", () => throw new InvalidOperationException("privateApiKey=hunter2"));

        var (status, body) = await GetAsync("healthz");

        status.Should().Be(HttpStatusCode.InternalServerError);
        body.Should().Contain("- atlas: the check threw InvalidOperationException").And.NotContain("hunter2");
    }

    [Fact]
    public async Task Readyz_is_503_until_the_readiness_checks_pass()
    {
        var synced = false;
        server.AddReadinessCheck("informer-synced", () => synced ? HealthCheckResult.Healthy : HealthCheckResult.Unhealthy("initial list not finished"));

        var (notReady, notReadyBody) = await GetAsync("readyz");
        notReady.Should().Be(HttpStatusCode.ServiceUnavailable);
        notReadyBody.Should().Be("readyz check failed:\n- informer-synced: initial list not finished\n");

        synced = true;
        var (ready, readyBody) = await GetAsync("readyz");
        ready.Should().Be(HttpStatusCode.OK);
        readyBody.Should().Be("ok\n");
    }

    [Fact]
    public async Task Liveness_failures_do_not_show_on_readyz_and_readiness_failures_not_on_healthz()
    {
        server.AddHealthCheck("live", () => HealthCheckResult.Unhealthy("stuck"));
        server.AddReadinessCheck("ready", () => HealthCheckResult.Healthy);

        (await GetAsync("readyz")).Status.Should().Be(HttpStatusCode.OK);
        (await GetAsync("healthz")).Status.Should().Be(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public void A_check_name_can_be_registered_once()
    {
        server.AddHealthCheck("informer", () => HealthCheckResult.Healthy);

        var again = () => server.AddHealthCheck("informer", () => HealthCheckResult.Healthy);

        again.Should().Throw<ArgumentException>().WithMessage("a check named \"informer\" is already registered*");
    }

    /// <remarks>prometheus-net names a bridged instrument {meter name, lowercased, dots as underscores}_{instrument name}.</remarks>
    [Fact]
    public async Task Metrics_exports_counters_of_operator_meters_in_prometheus_text_format()
    {
        using var meter = new Meter("AtlasRestoreOperator.Test");
        var submissions = meter.CreateCounter<long>("submissions", description: "Restore jobs submitted in this test.");
        using var otherMeter = new Meter("SomeLibrary.Test");
        otherMeter.CreateCounter<long>("somelibrary_test_calls").Add(5);
        submissions.Add(3);

        using var response = await http.GetAsync(new Uri(server.BaseUrl, "metrics"));
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().StartWith("text/plain; version=0.0.4");
        body.Should().MatchRegex(@"(?m)^atlasrestoreoperator_test_submissions(_total)?(\{[^}]*\})? 3$");
        body.Should().Contain("# HELP atlasrestoreoperator_test_submissions Restore jobs submitted in this test.");
        body.Should().NotContain("somelibrary_test_calls", "only the operator's own meters are exported");
        body.Should().Contain("process_cpu_seconds_total", ".NET process metrics are exported too");

        submissions.Add(2);
        var later = await http.GetStringAsync(new Uri(server.BaseUrl, "metrics"));
        later.Should().MatchRegex(@"(?m)^atlasrestoreoperator_test_submissions(_total)?(\{[^}]*\})? 5$");
    }

    [Fact]
    public async Task Metrics_show_whether_this_replica_leads()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 22, 8, 0, 0, TimeSpan.Zero));
        using var elector = new LeaderElector(new InMemoryLeaseStore(new InMemoryLease(), "metrics-test-lease"), new LeaderElectionOptions("pod-a_1"), time, NullLogger<LeaderElector>.Instance);
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var shutdown = new CancellationTokenSource();
        var run = elector.RunAsync(
            token =>
            {
                leading.TrySetResult();
                return new TaskCompletionSource().Task.WaitAsync(token);
            },
            shutdown.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Other tests' electors report on the same meter in this process; the lease label tells them apart.
        var metrics = await http.GetStringAsync(new Uri(server.BaseUrl, "metrics"));

        metrics.Should().MatchRegex(@"(?m)^atlasrestoreoperator_leaderelection_leader\{lease=""operators/metrics-test-lease""\} 1$");
        await shutdown.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Unknown_paths_are_404_and_writes_are_405()
    {
        (await GetAsync("status")).Status.Should().Be(HttpStatusCode.NotFound);

        using var post = await http.PostAsync(new Uri(server.BaseUrl, "healthz"), new StringContent(""));
        post.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(server.BaseUrl, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
