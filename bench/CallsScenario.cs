using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Bench;

/// <summary>
/// Atlas requests and Kubernetes writes per restore over an emulated 5-minute job, with the operator's default poll
/// schedule (10 s doubling to 60 s). Job and poll times are divided by <c>timeScale</c> together, which keeps the
/// number of polls the same while the run takes a fraction of 5 minutes.
/// </summary>
public static class CallsScenario
{
    public static async Task<ScenarioReport> RunAsync(int restores, double timeScale, CancellationToken cancellationToken)
    {
        TimeSpan Scaled(double seconds) => TimeSpan.FromSeconds(seconds / timeScale);

        var seed = BenchSeed.Build(restores, 1);
        var timings = new RestoreJobTimings { Pending = Scaled(60), Queued = Scaled(60), Running = Scaled(180) };
        await using var environment = await BenchEnvironment.StartAsync(new BenchEnvironmentOptions { Seed = seed, Timings = timings }, cancellationToken);
        var pollMax = Scaled(60);
        await using var operatorHost = new InProcessOperator(environment, Scaled(10), pollMax);
        await operatorHost.WaitReadyAsync(cancellationToken);

        var writesBefore = environment.Writes.Count;
        var names = Enumerable.Range(0, restores).Select(i => $"calls-{i}").ToList();
        for (var i = 0; i < restores; i++)
        {
            await environment.CreateRestoreAsync("default", names[i], seed.Targets[i], cancellationToken);
        }

        var phases = await environment.WaitForTerminalAsync("default", names, timings.Total * 2 + TimeSpan.FromSeconds(30), cancellationToken);
        var afterTerminal = environment.Writes.Count;
        var quietStart = DateTimeOffset.UtcNow;
        // A quiet period of two maximum poll intervals: nothing changes, so nothing should be written.
        await Task.Delay(pollMax * 2, cancellationToken);
        var quiet = environment.Writes.Skip(afterTerminal).ToList();
        // The Completed event is recorded just after the status write that ended the restore, so it may land here; it is
        // part of the completion, not a write about nothing. Object writes are what must stop.
        var quietWrites = quiet.Count(w => w.Path.Contains(AtlasSharedRestore.Plural, StringComparison.Ordinal));

        var journal = environment.Atlas.Journal.Entries;
        var writes = environment.Writes.Skip(writesBefore).Where(w => w.Method != "POST" || !w.Path.EndsWith($"/{AtlasSharedRestore.Plural}", StringComparison.Ordinal)).ToList();
        double PerRestore(int count) => count / (double)restores;

        var posts = journal.Count(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Identity is not null);
        var polls = journal.Count(e => e.Operation == AtlasOperations.GetFlexRestoreJob && e.Identity is not null);
        var lists = journal.Count(e => e.Operation == AtlasOperations.ListFlexRestoreJobs && e.Identity is not null);
        var authenticated = journal.Count(e => e.Identity is not null);
        var challenges = journal.Count(e => e.Identity is null);
        var preflight = authenticated - posts - polls - lists;
        var finalizerPatches = writes.Count(w => w.Method == "PATCH" && !w.Path.EndsWith("/status", StringComparison.Ordinal) && w.Path.Contains(AtlasSharedRestore.Plural, StringComparison.Ordinal));
        var statusWrites = writes.Count(w => w.Path.EndsWith("/status", StringComparison.Ordinal));
        var eventWrites = writes.Count(w => w.Path.Contains("/events", StringComparison.Ordinal));
        var objectWrites = finalizerPatches + statusWrites;
        var allWrites = writes.Count;
        var completed = phases.Values.Count(p => p == "Completed");

        var byOperation = string.Join(", ", journal.Where(e => e.Identity is not null).GroupBy(e => e.Operation ?? "?")
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {PerRestore(g.Count()):0.#}"));
        return new ScenarioReport($"calls ({restores} restores, 5-minute job at 1/{timeScale:0} time, in-process operator)",
        [
            new ReportRow("restores Completed", $"{completed}/{restores}", $"{restores}", completed == restores),
            new ReportRow("Atlas POSTs per restore", $"{PerRestore(posts):0.##}", "1", posts == restores),
            new ReportRow("Atlas preflight calls per restore", $"{PerRestore(preflight):0.##}"),
            new ReportRow("Atlas job listings per restore", $"{PerRestore(lists):0.##}"),
            new ReportRow("Atlas polls per restore", $"{PerRestore(polls):0.##}"),
            new ReportRow("Atlas authenticated calls per restore", $"{PerRestore(authenticated):0.##}", "<= 12", PerRestore(authenticated) <= 12),
            new ReportRow("Digest challenges (401), whole run", $"{challenges}"),
            new ReportRow("Kubernetes object writes per restore (finalizer + status)", $"{PerRestore(objectWrites):0.##} ({PerRestore(finalizerPatches):0.#} + {PerRestore(statusWrites):0.#})", "<= 6", PerRestore(objectWrites) <= 6),
            new ReportRow("Kubernetes Event writes per restore", $"{PerRestore(eventWrites):0.##}"),
            new ReportRow("Kubernetes writes per restore, all", $"{PerRestore(allWrites):0.##}"),
            new ReportRow($"object writes in a quiet {(pollMax * 2).TotalSeconds:0.#} s after Completed", $"{quietWrites}", "0", quietWrites == 0),
        ],
        [
            $"Authenticated Atlas calls by operation, per restore: {byOperation}.",
            "Kubernetes writes exclude the bench's own create of each restore; Events are counted apart from the object's writes.",
            "Digest challenges are per API key, not per restore: the first requests sent at once each meet one, then the nonce is reused until it expires (5 min).",
            quiet.Count == 0 ? "No write after Completed." : $"Writes after Completed: {string.Join(", ", quiet.Select(w => $"{w.Method} {w.Path} at +{(w.Time - quietStart).TotalSeconds:0.0} s"))}.",
        ]);
    }
}
