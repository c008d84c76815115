using AtlasRestoreOperator.Bench;

// Usage: dotnet run -c Release --project bench -- <latency|calls|scale|memory|cpu|all|smoke> [count]
var scenario = args.FirstOrDefault() ?? "";
var root = RepositoryRoot();
var builds = new[] { OperatorBuild.Jit(root), OperatorBuild.Aot(root) };
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var smoke = scenario == "smoke";
// An optional second argument overrides the number of restores (or objects) of a single scenario; scale keeps 10
// restores per project and takes count / 10 projects.
int? count = args.Length > 1 && int.TryParse(args[1], out var parsed) ? parsed : null;
var runs = scenario switch
{
    "latency" or "calls" or "scale" or "memory" or "cpu" => [scenario],
    "all" or "smoke" => new[] { "latency", "calls", "scale", "memory", "cpu" },
    _ => null,
};
if (runs is null)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- <latency|calls|scale|memory|cpu|all|smoke>");
    return 2;
}

Console.WriteLine($"Atlas Restore Operator benchmarks: {scenario} on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
var failed = 0;
foreach (var name in runs)
{
    var clock = System.Diagnostics.Stopwatch.StartNew();
    try
    {
        var report = name switch
        {
            "latency" => await LatencyScenario.RunAsync(count ?? (smoke ? 5 : 500), cancel.Token),
            "calls" => await CallsScenario.RunAsync(count ?? (smoke ? 2 : 10), smoke ? 100 : 10, cancel.Token),
            "scale" => await ScaleScenario.RunAsync(builds[0], smoke ? 2 : Math.Max(1, (count ?? 1_000) / 10), smoke ? 2 : 10, cancel.Token),
            "memory" => await MemoryScenario.RunAsync(builds, count ?? (smoke ? 50 : 10_000), smoke ? 1 : 3, cancel.Token),
            _ => await CpuScenario.RunAsync(builds, count ?? (smoke ? 5 : 200), cancel.Token),
        };
        report.WriteTo(Console.Out);
        Console.WriteLine($"({name} took {clock.Elapsed.TotalSeconds:0} s)");
    }
    catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
    {
        failed++;
        Console.Error.WriteLine($"{name} did not run to the end: {e}");
    }
}

return failed == 0 ? 0 : 1;

static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AtlasRestoreOperator.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("run the benchmarks from the repository (no AtlasRestoreOperator.sln above the current directory)");
}
