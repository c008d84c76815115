namespace AtlasRestoreOperator.Bench;

/// <summary>
/// Start-up time and memory of the operator process, JIT and AOT builds in the same run: time from process start to
/// /readyz 200, VmRSS once idle with nothing to watch, and VmRSS once settled with <c>objects</c> finished restores
/// watched. Medians over <c>runs</c> starts of each build.
/// </summary>
public static class MemoryScenario
{
    private const string IdleNamespace = "bench-idle";
    private const string LoadedNamespace = "bench-loaded";

    public static async Task<ScenarioReport> RunAsync(IReadOnlyList<OperatorBuild> builds, int objects, int runs, CancellationToken cancellationToken)
    {
        var seed = BenchSeed.Build(1, 1);
        await using var environment = await BenchEnvironment.StartAsync(new BenchEnvironmentOptions { Seed = seed, WatchHistorySize = objects * 3 + 100 }, cancellationToken);
        await environment.CreateNamespaceAsync(IdleNamespace, cancellationToken);
        await environment.CreateNamespaceAsync(LoadedNamespace, cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, objects), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => await environment.CreateCompletedRestoreAsync(LoadedNamespace, $"done-{i}", seed.Targets[0], ct));

        var rows = new List<ReportRow>();
        var notes = new List<string>();
        var medians = new Dictionary<string, (double Ready, double Idle, double Loaded)>();
        foreach (var build in builds)
        {
            if (!build.IsAvailable)
            {
                rows.Add(new ReportRow($"{build.Name}: all", "not available", "", null));
                notes.Add($"{build.Name} not measured: {build.MissingReason}.");
                continue;
            }

            var ready = new List<double>();
            var idle = new List<double>();
            var loaded = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                await using (var process = OperatorProcess.Start(build, environment, ["--watch-namespaces", IdleNamespace]))
                {
                    ready.Add((await process.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken)).TotalMilliseconds);
                    await process.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(15), cancellationToken);
                    idle.Add(process.RssMegabytes());
                }

                await using (var process = OperatorProcess.Start(build, environment, ["--watch-namespaces", LoadedNamespace]))
                {
                    await process.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
                    // The first pass reconciles every object once (a GET each, nothing to do); measure once it is done.
                    await process.WaitQuietAsync(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(120), cancellationToken);
                    loaded.Add(process.RssMegabytes());
                }
            }

            var m = (Stats.Median(ready), Stats.Median(idle), Stats.Median(loaded));
            medians[build.Name] = m;
            var isAot = build.Name == "AOT";
            rows.Add(new ReportRow($"{build.Name}: start to Ready", Stats.Ms(m.Item1), isAot ? "<= 150 ms" : "", isAot ? m.Item1 <= 150 : null));
            rows.Add(new ReportRow($"{build.Name}: idle RSS", Stats.Mb(m.Item2), isAot ? "<= 40 MB" : "", isAot ? m.Item2 <= 40 : null));
            rows.Add(new ReportRow($"{build.Name}: RSS with {objects:N0} objects watched", Stats.Mb(m.Item3), isAot && objects >= 10_000 ? "<= 120 MB" : "", isAot && objects >= 10_000 ? m.Item3 <= 120 : null));
            notes.Add($"{build.Name} runs: ready {string.Join(", ", ready.Select(v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} ms; idle {string.Join(", ", idle.Select(v => v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} MB; loaded {string.Join(", ", loaded.Select(v => v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} MB.");
        }

        if (medians.TryGetValue("JIT", out var jit) && medians.TryGetValue("AOT", out var aot))
        {
            rows.Add(new ReportRow("JIT/AOT start to Ready", $"{jit.Ready / aot.Ready:0.0}x"));
            rows.Add(new ReportRow("JIT/AOT idle RSS", $"{jit.Idle / aot.Idle:0.0}x"));
            rows.Add(new ReportRow($"JIT/AOT RSS with {objects:N0} objects", $"{jit.Loaded / aot.Loaded:0.0}x"));
        }

        notes.Add($"Medians of {runs} start(s) per build. Idle: watching an empty namespace. Loaded: watching {objects:N0} Completed restores (each reconciled once, then idle).");
        return new ScenarioReport($"memory and start-up ({objects:N0} objects, {runs} runs per build, operator processes)", rows, notes);
    }
}
