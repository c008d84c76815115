using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Crd;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using AtlasRestoreOperator.Sandbox.KubeEmulator;
using k8s.Models;

namespace AtlasRestoreOperator.Bench;

/// <summary>
/// Both emulators in the bench process with the CRD installed and a credentials Secret, a record of every write the
/// Kubernetes emulator answered, and the plain-HTTP calls a user's kubectl would make to apply restores.
/// </summary>
public sealed class BenchEnvironment : IAsyncDisposable
{
    public const string SecretName = "atlas-credentials";
    public const string SecretNamespace = "default";

    private readonly Lock writesGate = new();
    private readonly List<KubeWriteRequest> writes = [];
    private readonly HttpClient http;
    private readonly string directory;

    private BenchEnvironment(AtlasEmulator atlas, KubeApiEmulator kube, BenchSeed seed, string directory)
    {
        Atlas = atlas;
        Kube = kube;
        Seed = seed;
        this.directory = directory;
        KubeconfigPath = kube.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = kube.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", kube.BearerToken);
        kube.WriteAnswered += (_, write) =>
        {
            lock (writesGate)
            {
                writes.Add(write);
            }
        };
    }

    public AtlasEmulator Atlas { get; }

    public KubeApiEmulator Kube { get; }

    public BenchSeed Seed { get; }

    public string KubeconfigPath { get; }

    public static async Task<BenchEnvironment> StartAsync(BenchEnvironmentOptions options, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("asr-bench-").FullName;
        var atlas = await AtlasEmulator.StartAsync(
            new AtlasEmulatorOptions { Seed = options.Seed.Seed, Timings = options.Timings, RateLimit = options.RateLimit }, cancellationToken);
        var kube = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { WatchHistorySize = options.WatchHistorySize }, cancellationToken);
        var environment = new BenchEnvironment(atlas, kube, options.Seed, directory);
        await environment.PostAsync("apis/apiextensions.k8s.io/v1/customresourcedefinitions", CrdGenerator.Generate(), cancellationToken);
        await environment.PostAsync($"api/v1/namespaces/{SecretNamespace}/secrets", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = SecretName, ["namespace"] = SecretNamespace },
            ["data"] = new JsonObject
            {
                ["publicApiKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(BenchSeed.PublicKey)),
                ["privateApiKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(BenchSeed.PrivateKey)),
            },
        }, cancellationToken);
        return environment;
    }

    /// <summary>Every write answered so far, in arrival order.</summary>
    public IReadOnlyList<KubeWriteRequest> Writes
    {
        get
        {
            lock (writesGate)
            {
                return [.. writes];
            }
        }
    }

    public Task CreateNamespaceAsync(string name, CancellationToken cancellationToken) =>
        PostAsync("api/v1/namespaces", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } },
            cancellationToken);

    /// <summary>Applies a restore of the target's snapshot onto it, as <c>kubectl create</c> would.</summary>
    public Task CreateRestoreAsync(string ns, string name, BenchTarget target, CancellationToken cancellationToken) =>
        PostAsync(RestoresPath(ns), RestoreBody(ns, name, target, status: null), cancellationToken);

    /// <summary>Creates a restore and marks it Completed (a finished restore the operator only watches).</summary>
    public async Task CreateCompletedRestoreAsync(string ns, string name, BenchTarget target, CancellationToken cancellationToken)
    {
        var created = await PostAsync(RestoresPath(ns), RestoreBody(ns, name, target, status: null), cancellationToken);
        var status = new AtlasSharedRestoreStatus
        {
            Phase = RestorePhase.Completed,
            ObservedGeneration = created["metadata"]?["generation"]?.GetValue<long>() ?? 1,
        };
        created["status"] = JsonSerializer.SerializeToNode(status, EntitiesJsonContext.Default.AtlasSharedRestoreStatus);
        await SendAsync(HttpMethod.Put, $"{RestoresPath(ns)}/{name}/status", created, cancellationToken);
    }

    /// <summary>The phase of every restore in the namespace, read straight from the emulator's store.</summary>
    public IReadOnlyDictionary<string, string?> Phases(string ns) =>
        Kube.Store.List(AtlasSharedRestore.Group, AtlasSharedRestore.Plural, ns)
            .ToDictionary(o => o["metadata"]!["name"]!.GetValue<string>(), o => o["status"]?["phase"]?.GetValue<string>());

    /// <summary>Waits (polling the in-process store) until every named restore is Completed or Failed; returns the phases.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> WaitForTerminalAsync(string ns, IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(timeout);
        while (true)
        {
            var phases = Phases(ns);
            if (names.All(n => phases.TryGetValue(n, out var p) && p is "Completed" or "Failed"))
            {
                return phases;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancel.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var done = names.Count(n => phases.TryGetValue(n, out var p) && p is "Completed" or "Failed");
                throw new TimeoutException($"{done} of {names.Count} restores in {ns} finished within {timeout.TotalSeconds:0} s");
            }
        }
    }

    private static string RestoresPath(string ns) => $"apis/{AtlasSharedRestore.Group}/{AtlasSharedRestore.Version}/namespaces/{ns}/{AtlasSharedRestore.Plural}";

    private static JsonObject RestoreBody(string ns, string name, BenchTarget target, AtlasSharedRestoreStatus? status)
    {
        var restore = new AtlasSharedRestore
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new AtlasSharedRestoreSpec
            {
                ProjectId = target.ProjectId,
                ClusterName = target.SourceCluster,
                SnapshotId = target.SnapshotId,
                TargetDeploymentItemName = target.TargetCluster,
            },
            Status = status,
        };
        return JsonSerializer.SerializeToNode(restore, EntitiesJsonContext.Default.AtlasSharedRestore)!.AsObject();
    }

    private Task<JsonObject> PostAsync(string path, JsonObject body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)?.AsObject() ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Kube.DisposeAsync();
        await Atlas.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
