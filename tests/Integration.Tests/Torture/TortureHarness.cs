using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using k8s;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>
/// A <see cref="RestoreEnvironment"/> whose operators are separate processes. Each restore gets its own Flex target
/// cluster, so the Atlas jobs of one object are counted exactly (the invariant: one job per object, zero when refused).
/// </summary>
public sealed class TortureHarness : IAsyncDisposable
{
    /// <summary>The secret values the operator is given; none may appear in a log line, event or status.</summary>
    public static readonly IReadOnlyList<string> SecretValues = [DemoSeed.PrivateKey, DemoSeed.ClientSecret];

    private readonly List<OperatorProcess> processes = [];
    private readonly StatusRecorder statuses;
    private int started;

    private TortureHarness(RestoreEnvironment environment)
    {
        Environment = environment;
        statuses = new StatusRecorder(environment.Restores, RestoreEnvironment.Namespace);
    }

    public RestoreEnvironment Environment { get; }

    /// <summary>Every stdout/stderr line of every operator process, prefixed with its name.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public int ProcessesStarted => started;

    public static async Task<TortureHarness> StartAsync() => new(await RestoreEnvironment.StartAsync());

    /// <summary>Starts a fresh operator process (new identity) with the protocol's waits shortened.</summary>
    public OperatorProcess StartOperator(bool leaderElect = false)
    {
        var name = "torture-" + Interlocked.Increment(ref started).ToString(CultureInfo.InvariantCulture);
        var process = OperatorProcess.Start(name, OperatorArguments(Environment.KubeconfigPath, Environment.Atlas.BaseUrl, leaderElect), Output);
        lock (processes)
        {
            processes.Add(process);
        }

        return process;
    }

    /// <summary>Starts an operator process against another Kubernetes API (e.g. a rebuilt cluster) sharing this Atlas.</summary>
    public OperatorProcess StartOperatorAgainst(string kubeconfigPath)
    {
        var name = "torture-" + Interlocked.Increment(ref started).ToString(CultureInfo.InvariantCulture);
        var process = OperatorProcess.Start(name, OperatorArguments(kubeconfigPath, Environment.Atlas.BaseUrl, leaderElect: false), Output);
        lock (processes)
        {
            processes.Add(process);
        }

        return process;
    }

    public static IReadOnlyList<string> OperatorArguments(string kubeconfigPath, Uri atlasBaseUrl, bool leaderElect) =>
    [
        "--kubeconfig", kubeconfigPath,
        "--atlas-base-url", atlasBaseUrl.ToString(),
        "--default-secret", $"{RestoreEnvironment.Namespace}/{RestoreEnvironment.SecretName}",
        "--health-bind-address", "127.0.0.1",
        "--health-port", "0",
        $"--leader-elect={(leaderElect ? "true" : "false")}",
        "--lease-namespace", RestoreEnvironment.Namespace,
        "--lease-duration", "2s",
        "--renew-deadline", "1500ms",
        "--retry-period", "250ms",
        "--poll-initial-interval", "200ms",
        "--poll-max-interval", "1s",
        "--submission-lease", "1s",
        "--ambiguous-grace", "300ms",
        "--retry-interval", "1s",
        "--log-level", "debug",
    ];

    /// <summary>The Flex target cluster that belongs to the restore named <paramref name="name"/>.</summary>
    public static string TargetOf(string name) => "tgt-" + name;

    /// <summary>Adds the restore's own target cluster to Atlas and applies the restore (Adopt, the default policy).</summary>
    public async Task CreateRestoreAsync(string name)
    {
        if (Environment.Atlas.State.FindCluster(DemoSeed.ProjectId, TargetOf(name)) is null)
        {
            Environment.Atlas.State.AddCluster(DemoSeed.ProjectId, new SeedCluster { Name = TargetOf(name), Kind = ClusterKind.Flex, MongoDBVersion = "8.0.4" });
        }

        await Environment.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec(spec => spec with { TargetDeploymentItemName = TargetOf(name) }));
    }

    public int JobsFor(string name) => Environment.JobsFor(TargetOf(name));

    /// <summary>
    /// Awaits every live restore terminal and every deleted one gone, then checks the invariant: each live restore has
    /// exactly one Atlas job, recorded in its status, and is Completed; each deleted one has at most one.
    /// </summary>
    public async Task<TimeSpan> AssertConvergedExactlyOnceAsync(IEnumerable<string> live, IEnumerable<string> deleted, TimeSpan timeout, string context)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var name in deleted)
        {
            await Environment.WaitForGoneAsync(name, timeout);
            (await Environment.GetRestoreAsync(name)).Should().BeNull($"{name} was deleted and its finalizer must come off ({context})");
            JobsFor(name).Should().BeLessThanOrEqualTo(1, $"deleted {name} may have one job at most ({context})");
        }

        foreach (var name in live)
        {
            AtlasSharedRestore done;
            try
            {
                done = await Environment.WaitForAsync(name, r => r.Status?.Phase is RestorePhase.Completed or RestorePhase.Failed, timeout);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} ({context}); last operator lines:\n" + string.Join("\n", Output.TakeLast(40)), e);
            }

            var jobs = Environment.Atlas.State.RestoreJobs.Where(j => j.TargetDeploymentItemName == TargetOf(name)).ToList();
            jobs.Should().ContainSingle($"restore {name} must have exactly one Atlas job ({context})");
            done.Status!.Phase.Should().Be(RestorePhase.Completed, $"{name}: {JsonSerializer.Serialize(done.Status, EntitiesJsonContext.Default.AtlasSharedRestoreStatus)} ({context})");
            done.Status.Job!.Id.Should().Be(jobs[0].Id, $"the status of {name} must name the one job ({context})");
        }

        return clock.Elapsed;
    }

    /// <summary>Kills every running operator process (SIGKILL).</summary>
    public async Task KillAllAsync()
    {
        foreach (var process in Snapshot())
        {
            await process.KillAsync();
        }
    }

    /// <summary>Scans every captured output line, every event and every status seen for the secret values.</summary>
    public async Task<SecretScan> ScanForSecretsAsync()
    {
        var events = await Environment.Client.CoreV1.ListNamespacedEventAsync(RestoreEnvironment.Namespace);
        var eventTexts = events.Items.Select(e => $"{e.Reason} {e.Message}").ToList();
        var scan = new SecretScan(Output.ToArray(), eventTexts, statuses.Statuses.ToArray(), SecretValues);
        return scan;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Snapshot())
        {
            await process.DisposeAsync();
        }

        await statuses.DisposeAsync();
        await Environment.DisposeAsync();
    }

    private List<OperatorProcess> Snapshot()
    {
        lock (processes)
        {
            return [.. processes];
        }
    }
}
