using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>The metrics docs/metrics.md promises, read from /metrics of a running operator under their Prometheus names.</summary>
[Collection(ProcessWideMetricsCollection.Name)]
public sealed class OperatorMetricsTests : IAsyncLifetime
{
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task After_restores_and_a_dropped_watch_every_documented_metric_is_on_the_metrics_page()
    {
        // One permit per 100 ms with no burst makes the restore's Atlas calls wait on the client limiter.
        var instance = environment.StartOperator(configureAtlas: atlas => atlas with
        {
            RateLimitBurst = 1,
            RateLimitPermitsPerPeriod = 1,
            RateLimitPeriod = TimeSpan.FromMilliseconds(100),
        });
        await environment.CreateRestoreAsync("first", RestoreEnvironment.FlexSpec());
        await environment.WaitForAsync("first", r => r.Status?.Phase == RestorePhase.Completed);

        // The next restore is only seen once the informer has re-established its watch (or relisted).
        environment.Kube.Faults.DropAllWatches();
        await environment.CreateRestoreAsync("second", RestoreEnvironment.FlexSpec(spec => spec with
        {
            TargetDeploymentItemName = DemoSeed.FlexSourceCluster,
        }));
        await environment.WaitForAsync("second", r => r.Status?.Phase == RestorePhase.Completed);

        using var http = new HttpClient { BaseAddress = instance.Host.HealthUrl };
        var page = await http.GetStringAsync("/metrics");
        var samples = PrometheusText.Parse(page);
        var because = "/metrics was:\n" + page;

        double Value(string name, params (string Label, string Value)[] labels) =>
            samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(s => s.Value);

        foreach (var phase in Enum.GetNames<RestorePhase>())
        {
            samples.Should().Contain(s => s.Name == "atlasrestoreoperator_restore_atlas_restore_operator_restores" && s.Labels.GetValueOrDefault("phase") == phase, because);
        }

        Value("atlasrestoreoperator_restore_atlas_restore_operator_restores", ("phase", "Completed")).Should().Be(2, because);
        Value("atlasrestoreoperator_runtime_atlas_restore_operator_reconcile_duration_count", ("result", "success")).Should().BePositive(because);
        samples.Should().Contain(s => s.Name == "atlasrestoreoperator_runtime_atlas_restore_operator_reconcile_duration_bucket" && s.Labels.ContainsKey("le"), because);
        Value("atlasrestoreoperator_atlas_atlas_client_requests", ("endpoint", "createFlexRestoreJob"), ("status_code", "200")).Should().BeGreaterThanOrEqualTo(1, because);
        Value("atlasrestoreoperator_atlas_atlas_client_rate_limit_wait_count", ("source", "client")).Should().BePositive(because);
        samples.Should().Contain(s => s.Name == "atlasrestoreoperator_runtime_atlas_restore_operator_workqueue_depth", because);
        Value("atlasrestoreoperator_runtime_atlas_restore_operator_watch_restarts").Should().BePositive(because);
    }
}
