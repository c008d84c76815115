using System.Diagnostics.Metrics;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Runtime.LeaderElection;

namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>The leader-election series docs/metrics.md names, read from /metrics of a leader that then loses its Lease.</summary>
[Collection(ProcessWideMetricsCollection.Name)]
public sealed class LeaderElectionMetricsTests : IAsyncLifetime
{
    private const string Lease = "default/atlas-restore-operator";

    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task Leader_gauge_and_leadership_losses_appear_under_their_documented_names()
    {
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LeaderElector.MeterName && instrument.Name == "leadership_losses")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => lost.TrySetResult());
        listener.Start();

        var instance = environment.StartOperator(leaderElect: true);

        // Only the leader reconciles, so a completed restore shows this replica leads.
        await environment.CreateRestoreAsync("metrics-leader", RestoreEnvironment.FlexSpec());
        (await environment.WaitForAsync("metrics-leader", r => r.IsTerminal())).Status!.Phase.Should().Be(RestorePhase.Completed);
        using var http = new HttpClient { BaseAddress = instance.Host.HealthUrl };
        var leading = await http.GetStringAsync("/metrics");
        Value(leading, "atlasrestoreoperator_leaderelection_leader").Should().Be(1, "/metrics was:\n" + leading);

        // Every Lease write fails: past the renew deadline the replica gives up leadership it did not release.
        environment.Kube.Faults.InjectServerError(10_000, request =>
            request.Resource == "leases" && !string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase));
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var after = await http.GetStringAsync("/metrics");
        Value(after, "atlasrestoreoperator_leaderelection_leader").Should().Be(0, "/metrics was:\n" + after);
        Value(after, "atlasrestoreoperator_leaderelection_leadership_losses").Should().Be(1, "/metrics was:\n" + after);
        environment.Kube.Faults.Clear();
    }

    /// <summary>The value of the series for this operator's Lease; fails when the page has no such series.</summary>
    private static double Value(string page, string name)
    {
        var samples = PrometheusText.Parse(page).Where(s => s.Name == name && s.Labels.GetValueOrDefault("lease") == Lease).ToList();
        samples.Should().ContainSingle($"{name}{{lease=\"{Lease}\"}} is on /metrics:\n{page}");
        return samples[0].Value;
    }
}
