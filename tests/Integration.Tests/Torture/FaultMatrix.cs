using System.Diagnostics;
using System.Globalization;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using AtlasRestoreOperator.Sandbox.KubeEmulator;
using Xunit.Abstractions;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>
/// Restores run while Atlas and the Kubernetes API misbehave (seeded probabilities, ~30% of requests): every restore
/// still ends Completed in bounded time with exactly one Atlas job. The cases are split over two test classes
/// (<see cref="AtlasFaultMatrixTests"/>, <see cref="KubernetesFaultMatrixTests"/>) so they run side by side: each
/// row mostly waits on backoffs, grace periods and polls, not on the CPU.
/// </summary>
public static class FaultMatrix
{
    private const int Objects = 6;
    private const double Rate = 0.3;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    /// <summary>Runs one row and writes its line of the docs/reliability.md table to <paramref name="output"/>.</summary>
    public static async Task RunAsync(FaultMatrixCase matrixCase, ITestOutputHelper output)
    {
        await using var harness = await TortureHarness.StartAsync();
        var environment = harness.Environment;
        var atlasRules = ArmAtlasFaults(environment.Atlas.Faults, matrixCase);
        var kube = environment.Kube;
        KubeApiEmulator? restarted = null;
        var conflicts = new ConflictInjector(20261128);
        if (matrixCase is FaultMatrixCase.KubeStatusConflicts or FaultMatrixCase.Everything)
        {
            conflicts.ArmOn(kube);
        }

        using var stopChurn = new CancellationTokenSource();
        var churn = matrixCase is FaultMatrixCase.KubeWatchDrops or FaultMatrixCase.KubeForced410 or FaultMatrixCase.Everything
            ? ChurnWatchesAsync(environment, matrixCase != FaultMatrixCase.KubeWatchDrops, stopChurn.Token)
            : Task.FromResult(0);
        var timeout = matrixCase is FaultMatrixCase.AtlasTimeout or FaultMatrixCase.Everything ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);
        await using var operatorInstance = InProcessOperators.Start(environment, "matrix", timeout);
        var clock = Stopwatch.StartNew();
        var names = Enumerable.Range(0, Objects).Select(i => "m" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var name in names)
        {
            await harness.CreateRestoreAsync(name);
        }

        var restarts = 0;
        try
        {
            if (matrixCase is FaultMatrixCase.KubeApiServerRestart or FaultMatrixCase.Everything)
            {
                // Restart the API server (state kept, same port and token) once early and once mid-way through the submissions.
                foreach (var posts in new[] { 1, Objects / 2 })
                {
                    await environment.Atlas.Journal.WaitForCountAsync(AtlasOperations.CreateFlexRestoreJob, posts).WaitAsync(Bound);
                    var store = (restarted ?? kube).Store;
                    await (restarted ?? kube).StopAsync();
                    if (restarted is not null)
                    {
                        await restarted.DisposeAsync();
                    }

                    restarted = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { Store = store, Port = kube.BaseUrl.Port, BearerToken = kube.BearerToken });
                    restarts++;
                    if (matrixCase == FaultMatrixCase.Everything)
                    {
                        conflicts.ArmOn(restarted);
                    }
                }
            }

            foreach (var name in names)
            {
                await WaitTerminalAsync(environment, name);
            }

            var convergence = clock.Elapsed;
            await stopChurn.CancelAsync();
            var churned = await churn;
            foreach (var name in names)
            {
                var restore = (await environment.GetRestoreAsync(name))!;
                restore.Status!.Phase.Should().Be(RestorePhase.Completed, name);
                var jobs = environment.Atlas.State.RestoreJobs.Where(j => j.TargetDeploymentItemName == TortureHarness.TargetOf(name)).ToList();
                jobs.Should().ContainSingle($"{name} under {matrixCase}");
                restore.Status.Job!.Id.Should().Be(jobs[0].Id);
            }

            var atlasInjected = atlasRules.GroupBy(r => r.Kind == AtlasRestoreOperator.Sandbox.AtlasEmulator.FaultKind.Status ? "HTTP " + r.StatusCode.ToString(CultureInfo.InvariantCulture) : r.Kind.ToString())
                .Select(g => (Kind: g.Key, Applied: g.Sum(r => r.Applied))).ToList();
            if (matrixCase == FaultMatrixCase.Everything)
            {
                // Each kind runs at a fifth of the rate here, so one of them may draw no hit; every kind is held to a
                // hit in its own case above.
                atlasInjected.Sum(g => g.Applied).Should().BeGreaterThan(0, "the combined faults must have hit");
            }
            else if (atlasInjected.Count > 0)
            {
                atlasInjected.Should().OnlyContain(g => g.Applied > 0, "every armed Atlas fault must have hit");
            }
            var leaks = environment.Logs.Lines.Where(l => TortureHarness.SecretValues.Any(s => l.Contains(s, StringComparison.Ordinal))).ToList();
            var scan = await harness.ScanForSecretsAsync();
            leaks.Should().BeEmpty();
            scan.Leaks.Should().BeEmpty();
            var injected = string.Join(", ", atlasInjected.Select(g => $"{g.Kind} {g.Applied}")
                .Concat(conflicts.Injected > 0 ? [$"409 on status {conflicts.Injected}"] : [])
                .Concat(churned > 0 ? [$"{(matrixCase == FaultMatrixCase.KubeWatchDrops ? "watch drops" : "watch drops + 410 expiries")} {churned}"] : [])
                .Concat(restarts > 0 ? [$"API server restarts {restarts}"] : []));
            output.WriteLine($"| {matrixCase} | {Objects} | {injected} | {environment.AttemptedPosts()} | {environment.AcceptedPosts()} | " +
                $"{names.Count(n => harness.JobsFor(n) == 1)}/{Objects} | {convergence.TotalSeconds:0.0} s | {environment.Logs.Lines.Count + scan.LogLines} lines, {scan.Events} events, {scan.Statuses} statuses: 0 leaks |");
        }
        finally
        {
            await stopChurn.CancelAsync();
            await operatorInstance.StopAsync();
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
        }
    }

    private static List<FaultRule> ArmAtlasFaults(FaultInjector faults, FaultMatrixCase matrixCase)
    {
        static bool Any(FaultRequest _) => true;
        var rules = new List<FaultRule>();
        var everything = matrixCase == FaultMatrixCase.Everything;
        var rate = everything ? Rate / 5 : Rate;
        if (matrixCase == FaultMatrixCase.Atlas500 || everything)
        {
            rules.Add(faults.Status(Any, 500, times: null, probability: rate));
        }

        if (matrixCase == FaultMatrixCase.Atlas503 || everything)
        {
            rules.Add(faults.Status(Any, 503, times: null, probability: rate));
        }

        if (matrixCase == FaultMatrixCase.Atlas429WithRetryAfter || everything)
        {
            rules.Add(faults.Status(Any, 429, times: null, probability: rate));
        }

        if (matrixCase == FaultMatrixCase.AtlasTimeout || everything)
        {
            rules.Add(faults.Latency(Any, TimeSpan.FromSeconds(2), times: null, probability: rate));
        }

        if (matrixCase == FaultMatrixCase.AtlasDroppedConnection || everything)
        {
            rules.Add(faults.DropConnection(Any, times: null, probability: rate));
        }

        if (matrixCase == FaultMatrixCase.AtlasCreateThenDrop || everything)
        {
            // The first POST always loses its answer, so even a lucky draw cannot leave the case untested.
            rules.Add(faults.CreateThenDrop(AtlasOperations.CreateFlexRestoreJob, times: 1));
            rules.Add(faults.CreateThenDrop(AtlasOperations.CreateFlexRestoreJob, times: null, probability: everything ? Rate : rate));
        }

        return rules;
    }

    /// <summary>Every 2 s closes all watches (and, with <paramref name="expire"/>, forgets the history so resumes get 410); returns how many times.</summary>
    private static async Task<int> ChurnWatchesAsync(RestoreEnvironment environment, bool expire, CancellationToken cancellationToken)
    {
        var count = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (expire)
                {
                    environment.Kube.Store.ExpireHistory();
                }

                environment.Kube.Faults.DropAllWatches();
                count++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return count;
    }

    /// <summary>Awaits the restore terminal, following a watch that the faults may break (then it lists and watches again).</summary>
    private static async Task WaitTerminalAsync(RestoreEnvironment environment, string name)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = Bound - deadline.Elapsed;
            left.Should().BePositive($"{name} must converge within {Bound.TotalSeconds} s");
            try
            {
                await environment.WaitForAsync(name, r => r.Status?.Phase is RestorePhase.Completed or RestorePhase.Failed, left);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or ResourceExpiredException or k8s.Autorest.HttpOperationException)
            {
                // The API server restarted or expired the watch under us: look again.
            }
        }
    }
}
