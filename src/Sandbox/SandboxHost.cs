using System.Text;
using System.Text.Json.Nodes;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Crd;
using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using AtlasRestoreOperator.Sandbox.KubeEmulator;
using k8s;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Sandbox;

/// <summary>
/// Runs both emulators and, unless told otherwise, the operator; installs the CRD, the credentials Secret and the
/// samples, and prints each restore's progress. With <see cref="SandboxOptions.Once"/> it returns when every sample is
/// terminal: 0 when all completed, 1 naming each that did not.
/// </summary>
public sealed class SandboxHost(SandboxOptions options, TextWriter output)
{
    public const string SecretName = "atlas-credentials";
    public const string SampleNamespace = "default";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var directory = Path.GetFullPath(options.Directory);
        Directory.CreateDirectory(directory);

        var seed = LoadSeed(options.SeedPath);
        await using var atlas = await AtlasEmulator.AtlasEmulator.StartAsync(new AtlasEmulatorOptions { Port = options.AtlasPort, Seed = seed }, cancellationToken)
            .ConfigureAwait(false);
        var seedPath = Path.Combine(directory, "atlas-seed.json");
        await File.WriteAllTextAsync(seedPath, seed.ToJson(), cancellationToken).ConfigureAwait(false);

        await using var kube = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { Port = options.KubePort }, cancellationToken).ConfigureAwait(false);
        var kubeconfig = kube.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));

        output.WriteLine($"Atlas Admin API emulator  {atlas.BaseUrl}   (seed: {seedPath})");
        output.WriteLine($"Kubernetes API emulator   {kube.BaseUrl}   (kubectl --kubeconfig {kubeconfig} get asr -w)");

        using var client = new SandboxKubeClient(kube.BaseUrl, kube.BearerToken);
        await client.CreateAsync("apis/apiextensions.k8s.io/v1/customresourcedefinitions", CrdGenerator.Generate(), cancellationToken).ConfigureAwait(false);
        await client.CreateAsync($"api/v1/namespaces/{SampleNamespace}/secrets", CredentialsSecret(seed), cancellationToken).ConfigureAwait(false);

        using var operatorStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var operatorLogs = LoggingSetup.CreateLoggerFactory(LogFormat.Text, options.Verbose ? LogLevel.Information : LogLevel.Warning);
        var operatorRun = options.NoOperator
            ? Task.CompletedTask
            : RunOperatorAsync(kubeconfig, atlas.BaseUrl, operatorLogs, operatorStop.Token);

        var samples = await ApplySamplesAsync(client, root, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"Applied {samples.Count} sample restore(s) from config/samples; following them (Ctrl-C to stop).");

        using var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        var printer = new RestoreProgressPrinter(new KubernetesResourceClient<AtlasSharedRestore>(kubernetes, AtlasSharedRestoreResource.Type), output);
        var finished = new TaskCompletionSource<IReadOnlyDictionary<ObjectKey, AtlasSharedRestore>>(TaskCreationOptions.RunContinuationsAsynchronously);
        IReadOnlyDictionary<ObjectKey, AtlasSharedRestore> lastSeen = new Dictionary<ObjectKey, AtlasSharedRestore>();
        printer.Changed += restores =>
        {
            Volatile.Write(ref lastSeen, restores);
            if (samples.All(key => restores.TryGetValue(key, out var r) && IsTerminal(r)))
            {
                finished.TrySetResult(restores);
            }
        };

        using var printerStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var printing = printer.RunAsync(printerStop.Token);
        var exitCode = 0;
        try
        {
            if (options.Once)
            {
                var restores = await finished.Task.WaitAsync(options.OnceTimeout, cancellationToken).ConfigureAwait(false);
                var failed = samples.Where(key => restores[key].Status?.Phase != RestorePhase.Completed).ToList();
                foreach (var key in failed)
                {
                    output.WriteLine($"Sample restore {key} failed: {Problem(restores[key])}");
                }

                output.WriteLine(failed.Count == 0 ? "Every sample restore completed." : $"{failed.Count} of {samples.Count} sample restore(s) failed.");
                exitCode = failed.Count == 0 ? 0 : 1;
            }
            else
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            var seen = Volatile.Read(ref lastSeen);
            var unfinished = samples.Where(key => !seen.TryGetValue(key, out var r) || !IsTerminal(r)).Select(key => key.ToString());
            output.WriteLine($"Not every sample restore finished within {options.OnceTimeout.TotalSeconds:0} s: {string.Join(", ", unfinished)}.");
            exitCode = 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("Stopping.");
        }
        finally
        {
            await printerStop.CancelAsync().ConfigureAwait(false);
            await operatorStop.CancelAsync().ConfigureAwait(false);
            await printing.ConfigureAwait(false);
            await operatorRun.ConfigureAwait(false);
        }

        return exitCode;
    }

    private static AtlasSeed LoadSeed(string? path)
    {
        if (path is null)
        {
            return AtlasSeed.Demo;
        }

        try
        {
            return AtlasSeed.Load(path);
        }
        catch (IOException e)
        {
            // Name the option, so "file not found" is not mistaken for a problem of the sandbox itself.
            throw new InvalidDataException($"--seed: {e.Message}", e);
        }
    }

    private static bool IsTerminal(AtlasSharedRestore restore) => restore.Status?.Phase is RestorePhase.Completed or RestorePhase.Failed;

    /// <summary>The reason and message of a restore's Stalled condition: what a user reads to learn why it failed.</summary>
    private static string Problem(AtlasSharedRestore restore) =>
        RestoreConditions.Find(restore.Status?.Conditions, RestoreCondition.Stalled) is { Status: RestoreConditions.True } stalled
            ? $"{stalled.Reason}: {stalled.Message}"
            : $"phase {restore.Status?.Phase}, Atlas job {restore.Status?.Job?.Id ?? "none"} {restore.Status?.Job?.Status}".TrimEnd();

    private async Task RunOperatorAsync(string kubeconfig, Uri atlasBaseUrl, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var operatorOptions = new OperatorOptions
        {
            KubeconfigPath = kubeconfig,
            AtlasBaseUrl = atlasBaseUrl,
            DefaultSecret = new ObjectKey(SampleNamespace, SecretName),
            LeaseNamespace = SampleNamespace,
            InstanceName = "sandbox",
            HealthBindAddress = "127.0.0.1",
            HealthPort = 0,
            // The emulated jobs take seconds, not minutes: look more often than the defaults.
            PollInitialInterval = TimeSpan.FromSeconds(1),
            PollMaxInterval = TimeSpan.FromSeconds(5),
        };
        await using var host = new OperatorHost(new OperatorHostOptions(operatorOptions), loggerFactory);
        try
        {
            output.WriteLine($"Operator {host.Identity} started.");
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task<IReadOnlyList<ObjectKey>> ApplySamplesAsync(SandboxKubeClient client, string root, CancellationToken cancellationToken)
    {
        var keys = new List<ObjectKey>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "config", "samples"), "*.yaml").Order())
        {
            foreach (var manifest in YamlJson.ParseAll(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).OfType<JsonObject>())
            {
                if (manifest["kind"]?.GetValue<string>() != AtlasSharedRestore.KindName)
                {
                    continue;
                }

                var metadata = manifest["metadata"]!.AsObject();
                var ns = metadata["namespace"]?.GetValue<string>() ?? SampleNamespace;
                metadata["namespace"] = ns;
                await client.CreateAsync($"apis/{AtlasSharedRestore.ApiVersionValue}/namespaces/{ns}/{AtlasSharedRestore.Plural}", manifest, cancellationToken)
                    .ConfigureAwait(false);
                keys.Add(new ObjectKey(ns, metadata["name"]!.GetValue<string>()));
            }
        }

        return keys;
    }

    private static JsonObject CredentialsSecret(AtlasSeed seed)
    {
        var key = seed.ApiKeys.FirstOrDefault()
                  ?? throw new InvalidOperationException("the Atlas seed has no API key for the sandbox's credentials Secret");
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = SecretName, ["namespace"] = SampleNamespace },
            ["type"] = "Opaque",
            ["data"] = new JsonObject
            {
                ["publicApiKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.PublicKey)),
                ["privateApiKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.PrivateKey)),
            },
        };
    }

    /// <summary>The checkout the sandbox runs from: where config/samples lives.</summary>
    private static string RepositoryRoot()
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

        throw new InvalidOperationException("run the sandbox from the repository (no AtlasRestoreOperator.sln found above the current directory)");
    }
}
