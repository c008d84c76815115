using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Bench;

/// <summary>
/// Submission latency: each restore is applied alone (the next one after the previous POST arrived), and the latency is
/// the time from the create request's arrival at the Kubernetes emulator to the restore POST's arrival at Atlas.
/// </summary>
public static class LatencyScenario
{
    public static async Task<ScenarioReport> RunAsync(int restores, CancellationToken cancellationToken)
    {
        // One restore per project: the latency of an apply, not of the client limiter (which holds a project's sixth
        // submission within a minute for a few seconds, by design).
        var seed = BenchSeed.Build(restores + Math.Min(10, restores / 5), 1);
        await using var environment = await BenchEnvironment.StartAsync(new BenchEnvironmentOptions { Seed = seed }, cancellationToken);
        await using var operatorHost = new InProcessOperator(environment, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));
        await operatorHost.WaitReadyAsync(cancellationToken);

        // The first restores pay for JIT compilation, the first connections and the first Digest challenge; they are
        // reported apart and left out of the percentiles.
        var warmUp = Math.Min(10, restores / 5);
        var warmUpLatencies = new List<double>();
        var latencies = new List<double>();
        var toFinalizer = new List<double>();
        var toIntent = new List<double>();
        var toPost = new List<double>();
        for (var i = 0; i < restores + warmUp; i++)
        {
            var target = seed.Targets[i];
            var name = $"latency-{i}";
            var posted = environment.Atlas.Journal.WaitForAsync(
                e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.StatusCode == 200
                     && e.Path.Contains(target.ProjectId, StringComparison.Ordinal)
                     && e.RequestBody?.Contains($"\"{target.TargetCluster}\"", StringComparison.Ordinal) == true,
                cancellationToken);
            await environment.CreateRestoreAsync("default", name, target, cancellationToken);
            var post = await posted.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var created = environment.Writes.Last(w => w.Method == "POST" && w.Path.EndsWith($"/{AtlasSharedRestore.Plural}", StringComparison.Ordinal));
            if (i < warmUp)
            {
                warmUpLatencies.Add((post.Time - created.Time).TotalMilliseconds);
                continue;
            }

            latencies.Add((post.Time - created.Time).TotalMilliseconds);
            var own = environment.Writes.Where(w => w.Path.Contains($"/{name}", StringComparison.Ordinal) && w.Time >= created.Time).ToList();
            if (own.FirstOrDefault(w => w.Method == "PATCH") is { } finalizer && own.FirstOrDefault(w => w.Path.EndsWith("/status", StringComparison.Ordinal)) is { } intent)
            {
                toFinalizer.Add((finalizer.Time - created.Time).TotalMilliseconds);
                toIntent.Add((intent.Time - finalizer.Time).TotalMilliseconds);
                toPost.Add((post.Time - intent.Time).TotalMilliseconds);
            }
        }

        var p99 = Stats.Percentile(latencies, 99);
        return new ScenarioReport($"latency ({restores} restores, in-process operator)",
        [
            new ReportRow("p50 apply -> POST", Stats.Ms(Stats.Median(latencies))),
            new ReportRow("p90 apply -> POST", Stats.Ms(Stats.Percentile(latencies, 90))),
            new ReportRow("p99 apply -> POST", Stats.Ms(p99), "< 50 ms", p99 < 50),
            new ReportRow("max apply -> POST", Stats.Ms(latencies.Max())),
            new ReportRow($"first {warmUp} (warm-up, not counted)", warmUp == 0 ? "none" : string.Join(", ", warmUpLatencies.Select(v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture))) + " ms"),
            new ReportRow("p50 / p99 apply -> finalizer PATCH", $"{Stats.Ms(Stats.Median(toFinalizer))} / {Stats.Ms(Stats.Percentile(toFinalizer, 99))}"),
            new ReportRow("p50 / p99 finalizer PATCH -> intent PUT (Secret, API, preflight, listing)", $"{Stats.Ms(Stats.Median(toIntent))} / {Stats.Ms(Stats.Percentile(toIntent, 99))}"),
            new ReportRow("p50 / p99 intent PUT -> POST", $"{Stats.Ms(Stats.Median(toPost))} / {Stats.Ms(Stats.Percentile(toPost, 99))}"),
        ],
        [
            "Each restore is applied after the previous one's POST arrived (no queueing behind other restores).",
            "Start: arrival of the create request at the Kubernetes emulator; end: arrival of the POST at the Atlas emulator (same clock).",
        ]);
    }
}
