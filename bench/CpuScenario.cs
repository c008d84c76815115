using System.Globalization;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Bench;

/// <summary>
/// CPU time (user + system, from /proc/pid/stat) the operator process spends per reconcile and per restore, over
/// restores run from apply to Completed with 2-second emulated jobs; the process's idle CPU over the same time is
/// subtracted.
/// </summary>
public static class CpuScenario
{
    public static async Task<ScenarioReport> RunAsync(IReadOnlyList<OperatorBuild> builds, int restores, CancellationToken cancellationToken)
    {
        var rows = new List<ReportRow>();
        var notes = new List<string>();
        foreach (var build in builds)
        {
            if (!build.IsAvailable)
            {
                rows.Add(new ReportRow($"{build.Name}: CPU per reconcile", "not available"));
                notes.Add($"{build.Name} not measured: {build.MissingReason}.");
                continue;
            }

            var projects = Math.Max(1, restores / 5);
            var seed = BenchSeed.Build(projects, (restores + projects - 1) / projects);
            var timings = new RestoreJobTimings { Pending = TimeSpan.FromMilliseconds(500), Queued = TimeSpan.FromMilliseconds(500), Running = TimeSpan.FromSeconds(1) };
            await using var environment = await BenchEnvironment.StartAsync(new BenchEnvironmentOptions { Seed = seed, Timings = timings, RateLimit = RateLimitOptions.Unlimited }, cancellationToken);
            await using var process = OperatorProcess.Start(build, environment, ["--poll-initial-interval", "500ms", "--poll-max-interval", "1s"]);
            await process.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await process.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(15), cancellationToken);

            var idleStart = process.CpuTime();
            var idleClock = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var idlePerSecond = (process.CpuTime() - idleStart).TotalSeconds / idleClock.Elapsed.TotalSeconds;

            var reconcilesBefore = ReconcileCount(await process.MetricsAsync(cancellationToken));
            var cpuBefore = process.CpuTime();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var names = Enumerable.Range(0, restores).Select(i => $"cpu-{i}").ToList();
            await Parallel.ForEachAsync(Enumerable.Range(0, restores), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (i, ct) => await environment.CreateRestoreAsync("default", names[i], seed.Targets[i], ct));
            await environment.WaitForTerminalAsync("default", names, TimeSpan.FromMinutes(5), cancellationToken);
            var cpu = (process.CpuTime() - cpuBefore).TotalSeconds - idlePerSecond * clock.Elapsed.TotalSeconds;
            var metricsText = await process.MetricsAsync(cancellationToken);
            var reconciles = ReconcileCount(metricsText) - reconcilesBefore;
            if (reconciles <= 0)
            {
                notes.Add($"{build.Name}: no reconcile count in /metrics; lines naming reconcile: {string.Join(" | ", metricsText.Split('\n').Where(l => l.Contains("reconcile", StringComparison.OrdinalIgnoreCase) && !l.StartsWith('#')).Take(4))}");
            }

            rows.Add(new ReportRow($"{build.Name}: reconciles", $"{reconciles:0} ({reconciles / restores:0.0} per restore)"));
            rows.Add(new ReportRow($"{build.Name}: CPU per reconcile", reconciles > 0 ? Stats.Ms(cpu * 1000 / reconciles) : "n/a"));
            rows.Add(new ReportRow($"{build.Name}: CPU per restore (apply to Completed)", Stats.Ms(cpu * 1000 / restores)));
            notes.Add($"{build.Name}: {cpu:0.00} s CPU over {clock.Elapsed.TotalSeconds:0.0} s for {restores} restores; idle CPU {idlePerSecond * 1000:0.0} ms/s subtracted.");
        }

        notes.Add("CPU includes the operator's HTTP client work (Digest, JSON) and the watch; process ticks are 10 ms, so small runs are coarse.");
        return new ScenarioReport($"cpu ({restores} restores, operator processes)", rows, notes);
    }

    /// <summary>Sums the reconcile-duration histogram's sample counts from the Prometheus text.</summary>
    private static double ReconcileCount(string metrics) =>
        metrics.Split('\n')
            .Where(line => line.Contains("atlas_restore_operator_reconcile_duration_count", StringComparison.Ordinal) && !line.StartsWith('#'))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
