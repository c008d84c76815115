using System.Text;
using System.Text.Json;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Crd;
using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using AtlasRestoreOperator.Sandbox.KubeEmulator;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>
/// Both emulators on 127.0.0.1 with the CRD installed and the demo credentials Secret created, plus helpers to run
/// operators in-process, apply restores and await what a user would see in <c>.status</c>.
/// </summary>
public sealed class RestoreEnvironment : IAsyncDisposable
{
    public const string Namespace = "default";
    public const string SecretName = "atlas-credentials";

    private readonly List<OperatorInstance> operators = [];
    private readonly string directory;

    private RestoreEnvironment(AtlasEmulator atlas, KubeApiEmulator kube, string directory, RestoreEnvironmentOptions options)
    {
        Atlas = atlas;
        Kube = kube;
        Options = options;
        this.directory = directory;
        KubeconfigPath = kube.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
        Restores = new KubernetesResourceClient<AtlasSharedRestore>(Client, AtlasSharedRestoreResource.Type);
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
    }

    public AtlasEmulator Atlas { get; }

    public KubeApiEmulator Kube { get; }

    public RestoreEnvironmentOptions Options { get; }

    public string KubeconfigPath { get; }

    public Kubernetes Client { get; }

    public KubernetesResourceClient<AtlasSharedRestore> Restores { get; }

    /// <summary>Every log line every operator of this environment wrote.</summary>
    public CapturedLogs Logs { get; } = new();

    public ILoggerFactory LoggerFactory { get; }

    public static async Task<RestoreEnvironment> StartAsync(RestoreEnvironmentOptions? options = null)
    {
        options ??= new RestoreEnvironmentOptions();
        var directory = Directory.CreateTempSubdirectory("asr-it-").FullName;
        var atlas = options.SharedAtlas ?? await AtlasEmulator.StartAsync(new AtlasEmulatorOptions { Seed = options.Seed, Timings = options.Timings });
        var kube = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions());
        var environment = new RestoreEnvironment(atlas, kube, directory, options);
        await environment.SendAsync(HttpMethod.Post, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", CrdGenerator.Generate().ToJsonString());
        if (options.CreateCredentialsSecret)
        {
            await environment.CreateApiKeySecretAsync(SecretName, DemoSeed.PublicKey, DemoSeed.PrivateKey);
        }

        return environment;
    }

    /// <summary>
    /// Starts an operator in-process. Its waits are shortened so a restore takes about a second. It logs to
    /// <see cref="LoggerFactory"/> unless given its own <paramref name="loggerFactory"/> (to tell instances apart). A
    /// <paramref name="kubeconfigPath"/> sends it elsewhere than the emulator (e.g. through a recording proxy).
    /// </summary>
    public OperatorInstance StartOperator(
        string instanceName = "operator-a",
        bool leaderElect = false,
        Func<RestoreOperatorOptions, RestoreOperatorOptions>? configureRestore = null,
        Func<AtlasClientOptions, AtlasClientOptions>? configureAtlas = null,
        ILoggerFactory? loggerFactory = null,
        string? kubeconfigPath = null)
    {
        var options = new OperatorOptions
        {
            KubeconfigPath = kubeconfigPath ?? KubeconfigPath,
            AtlasBaseUrl = Atlas.BaseUrl,
            DefaultSecret = new ObjectKey(Namespace, SecretName),
            LeaderElect = leaderElect,
            LeaseNamespace = Namespace,
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(500),
            InstanceName = instanceName,
            HealthBindAddress = "127.0.0.1",
            HealthPort = 0,
            PollInitialInterval = TimeSpan.FromMilliseconds(200),
            PollMaxInterval = TimeSpan.FromSeconds(1),
        };
        var host = new OperatorHost(
            new OperatorHostOptions(options)
            {
                ConfigureRestore = restore =>
                {
                    var shortened = restore with
                    {
                        AmbiguousOutcomeGracePeriod = TimeSpan.FromMilliseconds(500),
                        SubmissionLeaseDuration = TimeSpan.FromSeconds(3),
                        NeedsAttentionRetryInterval = TimeSpan.FromSeconds(1),
                        RateLimitedRetryInterval = TimeSpan.FromSeconds(1),
                    };
                    return configureRestore?.Invoke(shortened) ?? shortened;
                },
                ConfigureAtlas = atlas =>
                {
                    var shortened = atlas with { RequestTimeout = TimeSpan.FromSeconds(5), RetryBaseDelay = TimeSpan.FromMilliseconds(100) };
                    return configureAtlas?.Invoke(shortened) ?? shortened;
                },
            },
            loggerFactory ?? LoggerFactory);
        var instance = new OperatorInstance(host);
        operators.Add(instance);
        return instance;
    }

    /// <summary>A restore of the demo Flex snapshot onto the demo Flex target, which <paramref name="configure"/> may change.</summary>
    public static AtlasSharedRestoreSpec FlexSpec(Func<AtlasSharedRestoreSpec, AtlasSharedRestoreSpec>? configure = null)
    {
        var spec = new AtlasSharedRestoreSpec
        {
            ProjectId = DemoSeed.ProjectId,
            ClusterName = DemoSeed.FlexSourceCluster,
            SnapshotId = DemoSeed.FlexSnapshotId,
            TargetDeploymentItemName = DemoSeed.FlexTargetCluster,
        };
        return configure?.Invoke(spec) ?? spec;
    }

    /// <summary>A restore of the demo former-M2 snapshot through the tenant API onto the demo dedicated cluster.</summary>
    public static AtlasSharedRestoreSpec TenantSpec(Func<AtlasSharedRestoreSpec, AtlasSharedRestoreSpec>? configure = null)
    {
        var spec = new AtlasSharedRestoreSpec
        {
            ProjectId = DemoSeed.ProjectId,
            ClusterName = DemoSeed.TenantSourceCluster,
            SnapshotId = DemoSeed.TenantSnapshotId,
            TargetDeploymentItemName = DemoSeed.DedicatedTargetCluster,
        };
        return configure?.Invoke(spec) ?? spec;
    }

    public async Task<AtlasSharedRestore> CreateRestoreAsync(string name, AtlasSharedRestoreSpec spec)
    {
        var restore = new AtlasSharedRestore { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace }, Spec = spec };
        await SendAsync(HttpMethod.Post, RestoresPath, JsonSerializer.Serialize(restore, EntitiesJsonContext.Default.AtlasSharedRestore));
        return (await Restores.GetAsync(new ObjectKey(Namespace, name), CancellationToken.None))!;
    }

    public Task DeleteRestoreAsync(string name) => SendAsync(HttpMethod.Delete, $"{RestoresPath}/{name}", null);

    private const string RestoresPath = $"apis/{AtlasSharedRestore.Group}/{AtlasSharedRestore.Version}/namespaces/{Namespace}/{AtlasSharedRestore.Plural}";

    /// <summary>
    /// One raw request with the client's credentials: KubernetesClient.Aot serializes only the built-in models it was
    /// generated with, so custom objects and the CRD (free-form schema fields) go as JSON text.
    /// </summary>
    private async Task SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(Client.BaseUri, path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (Client.Credentials is not null)
        {
            await Client.Credentials.ProcessHttpRequestAsync(request, CancellationToken.None);
        }

        using var response = await Client.HttpClient.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{method} {path} failed with HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }
    }

    public Task<AtlasSharedRestore?> GetRestoreAsync(string name) => Restores.GetAsync(new ObjectKey(Namespace, name), CancellationToken.None);

    /// <summary>
    /// Awaits the first state of the restore that satisfies <paramref name="condition"/>, following a watch; the timeout
    /// is only a safety net, and its message shows the last status seen.
    /// </summary>
    public async Task<AtlasSharedRestore> WaitForAsync(string name, Func<AtlasSharedRestore, bool> condition, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        AtlasSharedRestore? last = null;
        try
        {
            while (true)
            {
                var list = await Restores.ListAsync(Namespace, cancel.Token);
                last = list.Items.FirstOrDefault(r => r.Metadata.Name == name) ?? last;
                if (last is not null && condition(last))
                {
                    return last;
                }

                await foreach (var change in Restores.WatchAsync(Namespace, list.ResourceVersion, allowBookmarks: false, timeoutSeconds: 60, cancel.Token))
                {
                    if (change.Object is { } restore && restore.Metadata.Name == name && change.Kind != WatchEventKind.Deleted)
                    {
                        last = restore;
                        if (condition(restore))
                        {
                            return restore;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"restore {name} did not reach the expected state; last status: " +
                (last?.Status is null ? "none" : JsonSerializer.Serialize(last.Status, EntitiesJsonContext.Default.AtlasSharedRestoreStatus)));
        }
    }

    /// <summary>Awaits the object's disappearance (its finalizer removed after deletion).</summary>
    public async Task WaitForGoneAsync(string name, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var list = await Restores.ListAsync(Namespace, cancel.Token);
        if (list.Items.All(r => r.Metadata.Name != name))
        {
            return;
        }

        await foreach (var change in Restores.WatchAsync(Namespace, list.ResourceVersion, allowBookmarks: false, timeoutSeconds: 60, cancel.Token))
        {
            if (change.Kind == WatchEventKind.Deleted && change.Object?.Metadata.Name == name)
            {
                return;
            }
        }
    }

    public Task CreateApiKeySecretAsync(string name, string publicKey, string privateKey) =>
        CreateSecretAsync(name, new Dictionary<string, string> { ["publicApiKey"] = publicKey, ["privateApiKey"] = privateKey });

    public Task CreateSecretAsync(string name, IReadOnlyDictionary<string, string> data) =>
        Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
                Data = data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value)),
            },
            Namespace);

    /// <summary>Restore jobs Atlas holds for the target (the exactly-once invariant is read from here).</summary>
    public int JobsFor(string targetName, string? targetProjectId = null) =>
        Atlas.State.CountRestoreJobsFor(targetProjectId ?? DemoSeed.ProjectId, targetName);

    /// <summary>Restore-job POSTs Atlas answered with a job, over both APIs.</summary>
    public int AcceptedPosts() => Atlas.Journal.Count(e =>
        e.Operation is AtlasOperations.CreateFlexRestoreJob or AtlasOperations.CreateTenantRestore && e.StatusCode == 200);

    /// <summary>Restore-job POSTs that reached Atlas authenticated, whatever their answer.</summary>
    public int AttemptedPosts() => Atlas.Journal.Count(AtlasOperations.CreateFlexRestoreJob) + Atlas.Journal.Count(AtlasOperations.CreateTenantRestore);

    /// <summary>The events recorded about the restore, oldest first.</summary>
    public async Task<IReadOnlyList<Corev1Event>> EventsOfAsync(string name)
    {
        var list = await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: $"involvedObject.name={name}");
        return list.Items.OrderBy(e => e.LastTimestamp ?? e.EventTime ?? DateTime.MinValue).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in operators)
        {
            await instance.DisposeAsync();
        }

        Client.Dispose();
        LoggerFactory.Dispose();
        await Kube.DisposeAsync();
        if (Options.SharedAtlas is null)
        {
            await Atlas.DisposeAsync();
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
