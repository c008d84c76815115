using System.Diagnostics;
using System.Globalization;
using System.Text;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using Xunit.Abstractions;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>
/// The operator as its own process, SIGKILLed at every step boundary of the exactly-once protocol and then replaced by
/// a fresh process (new identity): Atlas ends with exactly one job per restore, and the restore ends Completed.
/// </summary>
public sealed class CrashPointTortureTests(ITestOutputHelper output)
{
    private const string Name = "r0";

    public static TheoryData<CrashPoint> AllPoints() => new(Enum.GetValues<CrashPoint>());

    [Theory]
    [MemberData(nameof(AllPoints))]
    public async Task Killed_at_a_step_boundary_a_fresh_operator_finishes_the_restore_with_one_job(CrashPoint point)
    {
        await using var harness = await TortureHarness.StartAsync();
        var environment = harness.Environment;
        var first = harness.StartOperator();
        var hook = CrashHook.Arm(point, environment, TortureHarness.TargetOf(Name));
        await harness.CreateRestoreAsync(Name);

        await hook.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await first.KillAsync();
        await hook.AfterKillAsync();
        var jobsAtKill = harness.JobsFor(Name);
        harness.StartOperator();
        var convergence = await harness.AssertConvergedExactlyOnceAsync([Name], [], TimeSpan.FromSeconds(30), point.ToString());

        var expectedAtKill = point is CrashPoint.PostInFlight or CrashPoint.AfterPostBeforeStatus or CrashPoint.WhilePolling ? 1 : 0;
        jobsAtKill.Should().Be(expectedAtKill, "the kill point decides whether Atlas already had the job");
        environment.AcceptedPosts().Should().Be(1, "the fresh operator adopts a landed POST instead of posting again");
        (await harness.ScanForSecretsAsync()).Leaks.Should().BeEmpty();
        output.WriteLine($"| {point} | 1 kill | jobs at kill {jobsAtKill} | jobs at end {harness.JobsFor(Name)} | accepted POSTs {environment.AcceptedPosts()} | converged {convergence.TotalSeconds:0.0} s after the restart |");
    }

    [Theory]
    [InlineData(CrashPoint.AfterIntent, 0)]
    [InlineData(CrashPoint.PostInFlight, 1)]
    [InlineData(CrashPoint.WhilePolling, 1)]
    public async Task Deleted_after_a_kill_the_object_goes_once_the_outcome_is_known(CrashPoint point, int expectedJobs)
    {
        await using var harness = await TortureHarness.StartAsync();
        var environment = harness.Environment;
        var first = harness.StartOperator();
        var hook = CrashHook.Arm(point, environment, TortureHarness.TargetOf(Name));
        await harness.CreateRestoreAsync(Name);
        await hook.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await first.KillAsync();
        await hook.AfterKillAsync();

        await environment.DeleteRestoreAsync(Name);
        var kills = 1;
        if (expectedJobs == 1 && point == CrashPoint.PostInFlight)
        {
            // A second crash during the deletion itself: the listing that resolves the unanswered POST is in flight.
            var deletionHook = CrashHook.Arm(CrashPoint.ListingInFlight, environment);
            var second = harness.StartOperator();
            await deletionHook.Reached.WaitAsync(TimeSpan.FromSeconds(30));
            await second.KillAsync();
            await deletionHook.AfterKillAsync();
            kills++;
        }

        harness.StartOperator();
        await harness.AssertConvergedExactlyOnceAsync([], [Name], TimeSpan.FromSeconds(30), $"deleted after {point}");

        harness.JobsFor(Name).Should().Be(expectedJobs);
        environment.AcceptedPosts().Should().Be(expectedJobs, "deletion never posts");
        (await harness.ScanForSecretsAsync()).Leaks.Should().BeEmpty();
        output.WriteLine($"| deletion after {point} | {kills} kill(s) | jobs at end {harness.JobsFor(Name)} | object gone |");
    }

    [Fact]
    public async Task Random_crash_schedules_keep_one_job_per_restore()
    {
        var schedules = ReadInt("ASR_TORTURE_SCHEDULES") ?? 8;
        var baseSeed = ReadInt("ASR_TORTURE_SEED") ?? 20261128;
        var parallel = ReadInt("ASR_TORTURE_PARALLEL") ?? 2;
        output.WriteLine($"base seed {baseSeed}, {schedules} schedules, {parallel} at a time");
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(parallel);
        var runs = Enumerable.Range(0, schedules).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var seed = baseSeed + i;
                try
                {
                    var result = await CrashSchedule.RunAsync(seed);
                    if (Environment.GetEnvironmentVariable("ASR_TORTURE_PROGRESS") is { Length: > 0 } progress)
                    {
                        // Long runs: one line per finished schedule, so a run cut short still shows what it proved.
                        lock (gate)
                        {
                            File.AppendAllText(progress, $"seed {seed}: objects {result.Objects}, deleted {result.Deleted}, kills [{string.Join(" ", result.Kills)}], not reached [{string.Join(" ", result.NotReached)}], jobs per object {string.Join(" ", result.JobsPerObject.Select(kv => $"{kv.Key}:{kv.Value}"))}, converged {result.ConvergenceAfterLastStart.TotalSeconds:0.0} s, leaks {result.Secrets.Leaks.Count}\n");
                        }
                    }

                    return result;
                }
                catch (Exception e)
                {
                    if (Environment.GetEnvironmentVariable("ASR_TORTURE_PROGRESS") is { Length: > 0 } progress)
                    {
                        lock (gate)
                        {
                            File.AppendAllText(progress, $"seed {seed}: FAILED: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}\n");
                        }
                    }

                    throw new InvalidOperationException($"crash schedule with seed {seed} failed; replay: ASR_TORTURE_SEED={seed} ASR_TORTURE_SCHEDULES=1 dotnet test tests/Integration.Tests --filter FullyQualifiedName~Random_crash_schedules", e);
                }
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var results = await Task.WhenAll(runs);

        output.WriteLine(Summarize(results, clock.Elapsed));
        results.Should().OnlyContain(r => r.JobsPerObject.Keys.All(jobs => jobs <= 1));
        results.Sum(r => r.Kills.Count).Should().BeGreaterThan(schedules / 2, "most schedules must actually kill the operator");
    }

    private static string Summarize(IReadOnlyList<CrashScheduleResult> results, TimeSpan total)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"schedules run: {results.Count}; objects: {results.Sum(r => r.Objects)} (deleted mid-run: {results.Sum(r => r.Deleted)}); operator processes started: {results.Sum(r => r.ProcessesStarted)}; SIGKILLs: {results.Sum(r => r.Kills.Count)}; wall time {total.TotalSeconds:0.0} s");
        text.AppendLine("| crash point | kills | armed but not reached |");
        text.AppendLine("|---|---|---|");
        foreach (var point in Enum.GetValues<CrashPoint>())
        {
            text.AppendLine(invariant, $"| {point} | {results.Sum(r => r.Kills.Count(k => k == point))} | {results.Sum(r => r.NotReached.Count(k => k == point))} |");
        }

        var live = results.Sum(r => r.Objects - r.Deleted);
        text.AppendLine("| Atlas jobs per object | objects |");
        text.AppendLine("|---|---|");
        foreach (var jobs in results.SelectMany(r => r.JobsPerObject.Keys).Distinct().Order())
        {
            text.AppendLine(invariant, $"| {jobs} | {results.Sum(r => r.JobsPerObject.GetValueOrDefault(jobs))} |");
        }

        var convergence = results.Select(r => r.ConvergenceAfterLastStart.TotalSeconds).Order().ToList();
        text.AppendLine(invariant, $"live objects Completed with exactly one job: {live}/{live}");
        text.AppendLine(invariant, $"convergence after the last restart: median {convergence[convergence.Count / 2]:0.0} s, max {convergence[^1]:0.0} s; schedule duration max {results.Max(r => r.Duration.TotalSeconds):0.0} s");
        text.AppendLine(invariant, $"secrets scan: {results.Sum(r => r.Secrets.LogLines)} log lines, {results.Sum(r => r.Secrets.Events)} events, {results.Sum(r => r.Secrets.Statuses)} statuses; leaks {results.Sum(r => r.Secrets.Leaks.Count)}");
        return text.ToString();
    }

    private static int? ReadInt(string variable) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
