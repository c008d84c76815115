using System.Diagnostics;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Bench;

/// <summary>
/// Many restores over many projects against the emulator's default per-project bucket (100 requests per minute) with
/// the operator's default client limiter and poll schedule; the emulated jobs are shortened to 10 s.
/// </summary>
public static class ScaleScenario
{
    public static async Task<ScenarioReport> RunAsync(OperatorBuild build, int projects, int restoresPerProject, CancellationToken cancellationToken)
    {
        var seed = BenchSeed.Build(projects, restoresPerProject);
        var timings = new RestoreJobTimings();
        var rateLimit = new RateLimitOptions();
        await using var environment = await BenchEnvironment.StartAsync(new BenchEnvironmentOptions { Seed = seed, Timings = timings, RateLimit = rateLimit }, cancellationToken);
        await using var process = OperatorProcess.Start(build, environment, []);
        await process.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken);

        var restores = seed.Targets.Count;
        var names = Enumerable.Range(0, restores).Select(i => $"scale-{i}").ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, restores), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => await environment.CreateRestoreAsync("default", names[i], seed.Targets[i], ct));
        var applied = clock.Elapsed;
        IReadOnlyDictionary<string, string?> phases;
        try
        {
            phases = await environment.WaitForTerminalAsync("default", names, TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(restores * 0.2), cancellationToken);
        }
        catch (TimeoutException e)
        {
            var counts = string.Join(", ", environment.Phases("default").Values.GroupBy(p => p ?? "none").Select(g => $"{g.Key} {g.Count()}"));
            throw new TimeoutException($"{e.Message}; phases: {counts}; Atlas requests: {environment.Atlas.Journal.Entries.Count}; operator said: {string.Join(" | ", process.RecentOutput)}", e);
        }
        var wall = clock.Elapsed;

        var completed = phases.Values.Count(p => p == "Completed");
        var jobs = seed.Targets.Sum(t => environment.Atlas.State.CountRestoreJobsFor(t.ProjectId, t.TargetCluster));
        var journal = environment.Atlas.Journal.Entries;
        var throttled = journal.Count(e => e.StatusCode == 429);
        var perProject = journal.Where(e => e.Path.Contains("/groups/", StringComparison.Ordinal))
            .GroupBy(e => e.Path.Split('/')[5]).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Time).Select(e => e.Time).ToList());
        var busiestMinute = perProject.Values.Max(MaxInAnyMinute);
        var callsPerProject = perProject.Values.Max(v => v.Count);
        var totalRate = journal.Count / wall.TotalSeconds;

        // What the limits allow: the busiest project's calls beyond the burst at the refill rate of the stricter of the
        // two limits (the operator's default client limiter, under the documented 100 per minute), and never less than
        // one job's duration plus the first poll.
        var client = new AtlasRestoreOperator.Operator.Atlas.AtlasClientOptions();
        var clientRate = client.RateLimitPermitsPerPeriod / client.RateLimitPeriod.TotalSeconds;
        var serverRate = rateLimit.RefillAmount / rateLimit.RefillPeriod.TotalSeconds;
        var beyondBurst = Math.Max(0, callsPerProject - Math.Min(client.RateLimitBurst, rateLimit.Capacity)) / Math.Min(clientRate, serverRate);
        var bound = Math.Max(beyondBurst, (timings.Total + TimeSpan.FromSeconds(10)).TotalSeconds);

        return new ScenarioReport($"scale ({restores} restores over {projects} projects, {build.Name} operator process)",
        [
            new ReportRow("restores Completed", $"{completed}/{restores}", $"{restores}", completed == restores),
            new ReportRow("Atlas restore jobs", $"{jobs}", $"exactly {restores}", jobs == restores),
            new ReportRow("429 answers", $"{throttled}", "0", throttled == 0),
            new ReportRow("most requests one project sent in any 60 s", $"{busiestMinute}", $"<= {rateLimit.Capacity} (bucket)", busiestMinute <= rateLimit.Capacity),
            new ReportRow("requests per project (busiest)", $"{callsPerProject}"),
            new ReportRow("Atlas requests per second, all projects", $"{totalRate:0.0}"),
            new ReportRow("time to apply all", $"{applied.TotalSeconds:0.0} s"),
            new ReportRow("wall time, first apply to last terminal", $"{wall.TotalSeconds:0.0} s", $"bound {bound:0} s"),
        ],
        [
            $"Emulated jobs take {timings.Total.TotalSeconds:0} s; the operator polls with its defaults (10 s doubling to 60 s) and the default client limiter (90/min per project, burst 20).",
            $"The bound is the longer of one job plus the first poll and the busiest project's calls beyond the client's burst of {client.RateLimitBurst} at its {client.RateLimitPermitsPerPeriod} per minute; the rest is the poll schedule's granularity (a job seen running at its 10 s poll is seen again 20 s later).",
        ]);
    }

    private static int MaxInAnyMinute(List<DateTimeOffset> times)
    {
        var best = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= TimeSpan.FromSeconds(60))
            {
                start++;
            }

            best = Math.Max(best, end - start + 1);
        }

        return best;
    }
}
