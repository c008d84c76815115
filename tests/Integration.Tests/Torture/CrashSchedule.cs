using System.Diagnostics;
using System.Globalization;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>
/// One seeded random crash schedule: restores are applied (some later, some deleted) while the operator process is
/// SIGKILLed at randomly chosen crash points and restarted; a last operator then finishes and the invariant is checked.
/// The same seed replays the same choices.
/// </summary>
public static class CrashSchedule
{
    private static readonly IReadOnlyList<CrashPoint> Points = Enum.GetValues<CrashPoint>().AsReadOnly();

    public static async Task<CrashScheduleResult> RunAsync(int seed)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        await using var harness = await TortureHarness.StartAsync();
        var environment = harness.Environment;
        var live = new List<string>();
        var deleted = new List<string>();
        var kills = new List<CrashPoint>();
        var notReached = new List<CrashPoint>();
        var context = $"seed {seed.ToString(CultureInfo.InvariantCulture)}; replay with ASR_TORTURE_SEED={seed.ToString(CultureInfo.InvariantCulture)} ASR_TORTURE_SCHEDULES=1";

        async Task ApplyAsync()
        {
            var name = "r" + (live.Count + deleted.Count).ToString(CultureInfo.InvariantCulture);
            await harness.CreateRestoreAsync(name);
            live.Add(name);
        }

        for (var i = random.Next(1, 3); i > 0; i--)
        {
            await ApplyAsync();
        }

        var process = harness.StartOperator();
        await process.Serving.WaitAsync(TimeSpan.FromSeconds(60));
        var steps = random.Next(1, 4);
        for (var step = 0; step < steps; step++)
        {
            var point = Points[random.Next(Points.Count)];
            var hook = CrashHook.Arm(point, environment);
            if (random.NextDouble() < 0.8)
            {
                await ApplyAsync();
            }

            if (live.Count > 1 && random.NextDouble() < 0.2)
            {
                var victim = live[random.Next(live.Count)];
                await environment.DeleteRestoreAsync(victim);
                live.Remove(victim);
                deleted.Add(victim);
            }

            // The timeout is only a safety net for points this schedule never reaches (e.g. everything already finished).
            try
            {
                await hook.Reached.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                hook.Disarm();
                if (!hook.Reached.IsCompleted)
                {
                    notReached.Add(point);
                    continue;
                }
            }

            await process.KillAsync();
            await hook.AfterKillAsync();
            kills.Add(point);
            process = harness.StartOperator();
            await process.Serving.WaitAsync(TimeSpan.FromSeconds(60));
        }

        var lastStart = Stopwatch.StartNew();
        await harness.AssertConvergedExactlyOnceAsync(live, deleted, TimeSpan.FromSeconds(90), context);
        var convergence = lastStart.Elapsed;
        var jobsPerObject = live.Concat(deleted).GroupBy(harness.JobsFor).ToDictionary(g => g.Key, g => g.Count());
        var secrets = await harness.ScanForSecretsAsync();
        secrets.Leaks.Should().BeEmpty(context);
        return new CrashScheduleResult(seed, live.Count + deleted.Count, deleted.Count, kills, notReached, harness.ProcessesStarted,
            jobsPerObject, convergence, clock.Elapsed, secrets);
    }
}
