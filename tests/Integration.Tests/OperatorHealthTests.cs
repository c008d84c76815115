using System.Net;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Sandbox.KubeEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// The operator's liveness probe against the Kubernetes emulator: a watch of atlassharedrestores that stops showing
/// life fails /healthz naming the informer (so the kubelet restarts a stuck pod), and it passes again once the watch
/// is restarted (DESIGN §6). The host's clock is fake; the emulator's is real.
/// </summary>
public sealed class OperatorHealthTests : IAsyncLifetime
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    /// <summary>Distinct from every other timer the host arms, so the test can tell when the informer is backing off.</summary>
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(7);

    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private readonly TimerObservingTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource stop = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private RestoreEnvironment environment = null!;
    private OperatorHost host = null!;
    private Task run = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        environment = await RestoreEnvironment.StartAsync();
        var options = new OperatorOptions
        {
            KubeconfigPath = environment.KubeconfigPath,
            AtlasBaseUrl = environment.Atlas.BaseUrl,
            LeaderElect = false,
            InstanceName = "operator-health",
            HealthBindAddress = "127.0.0.1",
            HealthPort = 0,
        };
        host = new OperatorHost(
            new OperatorHostOptions(options)
            {
                TimeProvider = clock,
                // The emulator (real clock) ends each watch after a second, a clean close that counts as life; the
                // stale threshold and backoff are on the host's fake clock, so only the test's Advance reaches them.
                ConfigureInformer = informer => informer with
                {
                    MinWatchTimeout = TimeSpan.FromSeconds(1),
                    MaxWatchTimeout = TimeSpan.FromSeconds(1),
                    StaleAfter = StaleAfter,
                    ReconnectBaseDelay = ReconnectDelay,
                    ReconnectMaxDelay = ReconnectDelay,
                },
            },
            environment.LoggerFactory);
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await run.WaitAsync(SafetyNet);
        await host.DisposeAsync();
        await environment.DisposeAsync();
        http.Dispose();
        stop.Dispose();
    }

    [Fact]
    public async Task A_stalled_watch_fails_healthz_naming_the_informer_and_it_passes_again_once_the_watch_restarts()
    {
        var watching = ObserveNextWatch();

        // The health server is bound before RunAsync first yields, so its URL is known from here on.
        run = host.RunAsync(stop.Token);
        await watching.WaitAsync(SafetyNet);
        var healthy = await GetHealthzAsync();
        healthy.Status.Should().Be(HttpStatusCode.OK, healthy.Body);

        // Every new watch is held unanswered; the current one is dropped so the informer has to open one.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        environment.Kube.Faults.InjectLatency(10_000, TimeSpan.FromMinutes(10), request =>
        {
            if (!IsRestoreWatch(request))
            {
                return false;
            }

            held.TrySetResult();
            return true;
        });
        environment.Kube.Faults.DropAllWatches();
        await held.Task.WaitAsync(SafetyNet);
        clock.ForgetReportedTimers();
        clock.Advance(StaleAfter + TimeSpan.FromSeconds(1));

        var stalled = await GetHealthzAsync();
        stalled.Status.Should().Be(HttpStatusCode.InternalServerError, stalled.Body);
        stalled.Body.Should().Be("healthz check failed:\n- informer: the watch of atlassharedrestores has seen no event or bookmark for too long\n");

        // The stall guard gave up on the held watch and backs off; once the fault is gone the next watch is answered.
        var backoff = await clock.WaitForTimerAsync(due => due >= ReconnectDelay / 2 && due <= ReconnectDelay, SafetyNet);
        environment.Kube.Faults.Clear();
        clock.ForgetReportedTimers();
        clock.Advance(backoff);

        // Each sign of life on the new watch re-arms its stall guard (StaleAfter); /healthz is asked after each, within
        // one overall safety net (the guard is re-armed every second, so a health that never recovers must still end).
        var recovered = stalled;
        using var deadline = new CancellationTokenSource(SafetyNet);
        while (recovered.Status != HttpStatusCode.OK && !deadline.IsCancellationRequested)
        {
            await clock.WaitForTimerAsync(due => due == StaleAfter, SafetyNet);
            recovered = await GetHealthzAsync();
        }

        recovered.Status.Should().Be(HttpStatusCode.OK, recovered.Body);
        recovered.Body.Should().Be("ok\n");
        environment.Logs.Lines.Should().Contain(line => line.Contains("showed no event or bookmark for", StringComparison.Ordinal),
            "the informer logs that it abandoned the stalled watch");
    }

    private static bool IsRestoreWatch(KubeRequestInfo request) => request.IsWatch && request.Resource == AtlasSharedRestore.Plural;

    /// <summary>Completes when the emulator receives the next watch of atlassharedrestores (the informer has listed).</summary>
    private Task ObserveNextWatch()
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        environment.Kube.Faults.InjectLatency(1, TimeSpan.Zero, request =>
        {
            if (IsRestoreWatch(request))
            {
                seen.TrySetResult();
            }

            // Only observes: the rule never fires, and Clear() removes it.
            return false;
        });
        return seen.Task;
    }

    private async Task<(HttpStatusCode Status, string Body)> GetHealthzAsync()
    {
        using var response = await http.GetAsync(new Uri(host.HealthUrl, "healthz"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
