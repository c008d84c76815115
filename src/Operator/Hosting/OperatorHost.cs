using System.Net.Sockets;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Runtime.LeaderElection;
using k8s;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// The operator process, composed: the health/metrics endpoint, leader election, and, while leading, the informer,
/// work queue and AtlasSharedRestore reconciler. <see cref="RunAsync"/> returns when its token is cancelled, after work
/// has stopped, events are flushed and the lease is released.
/// </summary>
public sealed class OperatorHost : IAsyncDisposable
{
    private readonly OperatorHostOptions hostOptions;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger logger;
    private readonly Kubernetes kubernetes;
    private readonly RuntimeMetrics runtimeMetrics = new();
    private readonly AtlasClientMetrics atlasMetrics = new();
    private readonly AtlasClient atlasClient;
    private readonly KubernetesEventRecorder events;
    private readonly LeaderElector? elector;
    private readonly Controller<AtlasSharedRestore> controller;
    private readonly HealthServer health;
    private readonly RestorePhaseMetrics restorePhases;

    public OperatorHost(OperatorHostOptions hostOptions, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(hostOptions);
        this.hostOptions = hostOptions;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<OperatorHost>();
        var options = hostOptions.Operator;
        var time = hostOptions.TimeProvider;

        kubernetes = KubernetesConfigurationLoader.CreateClient(options);
        var electionOptions = options.ToLeaderElectionOptions();
        Identity = electionOptions.Identity;
        if (options.LeaderElect)
        {
            elector = new LeaderElector(new KubernetesLeaseStore(kubernetes, options.Lease), electionOptions, time, loggerFactory.CreateLogger<LeaderElector>());
        }

        var atlasOptions = new AtlasClientOptions { BaseUrl = options.AtlasBaseUrl };
        atlasClient = new AtlasClient(hostOptions.ConfigureAtlas?.Invoke(atlasOptions) ?? atlasOptions, time,
            loggerFactory.CreateLogger<AtlasClient>(), metrics: atlasMetrics);

        var restoreOptions = new RestoreOperatorOptions
        {
            OperatorIdentity = Identity,
            DefaultSecret = options.DefaultSecret is { } secret ? new SecretLocation(secret.Namespace, secret.Name) : null,
            PollInitialInterval = options.PollInitialInterval,
            PollMaxInterval = options.PollMaxInterval,
            SubmissionLeaseDuration = options.SubmissionLeaseDuration,
            AmbiguousOutcomeGracePeriod = options.AmbiguousOutcomeGracePeriod,
            NeedsAttentionRetryInterval = options.NeedsAttentionRetryInterval,
        };
        events = new KubernetesEventRecorder(kubernetes, time, loggerFactory.CreateLogger<KubernetesEventRecorder>());
        var resources = new KubernetesResourceClient<AtlasSharedRestore>(kubernetes, AtlasSharedRestoreResource.Type);
        var reconciler = new AtlasSharedRestoreReconciler(resources, atlasClient, new KubernetesSecretReader(kubernetes), events,
            hostOptions.ConfigureRestore?.Invoke(restoreOptions) ?? restoreOptions, time, loggerFactory.CreateLogger<AtlasSharedRestoreReconciler>());

        var informerOptions = new InformerOptions { Namespaces = options.WatchNamespaces };
        var informer = new Informer<AtlasSharedRestore>(resources, hostOptions.ConfigureInformer?.Invoke(informerOptions) ?? informerOptions, time,
            loggerFactory.CreateLogger<Informer<AtlasSharedRestore>>(), runtimeMetrics);
        controller = new Controller<AtlasSharedRestore>(informer, new WorkQueue(time, metrics: runtimeMetrics), reconciler,
            new ControllerOptions { MaxConcurrentReconciles = options.MaxConcurrentReconciles }, time,
            loggerFactory.CreateLogger<Controller<AtlasSharedRestore>>(), runtimeMetrics);

        restorePhases = new RestorePhaseMetrics(() => informer.Keys
            .Select(key => informer.TryGet(key, out var restore) ? restore : null)
            .OfType<AtlasSharedRestore>());
        health = new HealthServer(options.ToHealthServerOptions(), loggerFactory);
        health.AddHealthCheck("informer", () => informer.IsHealthy()
            ? HealthCheckResult.Healthy
            : HealthCheckResult.Unhealthy("the watch of atlassharedrestores has seen no event or bookmark for too long"));
        health.AddReadinessCheck("operator", new LeaderAwareReadiness(elector, () => informer.HasSynced).Check);
    }

    /// <summary>The identity written as holder of leases and submission intents.</summary>
    public string Identity { get; }

    /// <summary>The health/metrics endpoint, once <see cref="RunAsync"/> has started it.</summary>
    public Uri HealthUrl => health.BaseUrl;

    public bool IsLeader => elector?.IsLeader ?? true;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await health.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            // Nearly always a port another process holds, or an address this machine does not have: the fix is
            // in the configuration, so it stops the process like a bad flag does.
            var operatorOptions = hostOptions.Operator;
            throw new OperatorConfigurationException(
                $"cannot serve /healthz, /readyz and /metrics on {operatorOptions.HealthBindAddress}:{operatorOptions.HealthPort} " +
                $"(--health-bind-address, --health-port): {e.Message}");
        }

        logger.LogInformation("Operator {Identity} serving health and metrics on {HealthUrl}; Atlas at {AtlasBaseUrl}",
            Identity, health.BaseUrl, hostOptions.Operator.AtlasBaseUrl);
        try
        {
            if (elector is null)
            {
                await controller.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await elector.RunAsync(controller.RunAsync, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Shutdown must finish even though the caller's token is already cancelled.
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await events.FlushAsync(drain.Token).ConfigureAwait(false);
            await health.StopAsync(drain.Token).ConfigureAwait(false);
            logger.LogInformation("Operator {Identity} stopped", Identity);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await health.DisposeAsync().ConfigureAwait(false);
        await events.DisposeAsync().ConfigureAwait(false);
        controller.Queue.Dispose();
        elector?.Dispose();
        atlasClient.Dispose();
        atlasMetrics.Dispose();
        runtimeMetrics.Dispose();
        restorePhases.Dispose();
        kubernetes.Dispose();
    }
}
