using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Runtime.LeaderElection;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// The operator's validated configuration (see <see cref="OperatorOptionsParser"/> for where each value comes from).
/// The defaults are the documented defaults, so code that hosts the operator in-process can set only what differs.
/// </summary>
public sealed record OperatorOptions
{
    /// <summary>The kubeconfig file to use; null means the in-cluster service-account configuration.</summary>
    public string? KubeconfigPath { get; init; }

    public Uri AtlasBaseUrl { get; init; } = new("https://cloud.mongodb.com");

    /// <summary>The namespaces to watch; empty means all namespaces.</summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = [];

    /// <summary>The Secret used when a resource names no connectionSecretRef; null when none is configured.</summary>
    public ObjectKey? DefaultSecret { get; init; }

    public bool LeaderElect { get; init; } = true;

    public string LeaseNamespace { get; init; } = "default";

    public string LeaseName { get; init; } = "atlas-restore-operator";

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>This process's name (the pod name in a cluster); the leader-election identity is built from it.</summary>
    public string InstanceName { get; init; } = Environment.MachineName;

    /// <summary>The address the health/metrics port binds: 0.0.0.0 (all interfaces) or e.g. 127.0.0.1.</summary>
    public string HealthBindAddress { get; init; } = "0.0.0.0";

    /// <summary>The health/metrics port; 0 picks a free port.</summary>
    public int HealthPort { get; init; } = 8081;

    /// <summary>The first wait between polls of a running Atlas restore job.</summary>
    public TimeSpan PollInitialInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between polls of a running Atlas restore job.</summary>
    public TimeSpan PollMaxInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a submission intent belongs to the instance that wrote it; others leave it alone until then.</summary>
    public TimeSpan SubmissionLeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How far apart the two empty job listings must be before an ambiguous POST counts as never landed.</summary>
    public TimeSpan AmbiguousOutcomeGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The slow retry of conditions a person must fix (missing Secret, bad keys, missing role).</summary>
    public TimeSpan NeedsAttentionRetryInterval { get; init; } = TimeSpan.FromMinutes(2);

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public int MaxConcurrentReconciles { get; init; } = 4;

    /// <summary>The Lease this operator campaigns for.</summary>
    public ObjectKey Lease => new(LeaseNamespace, LeaseName);

    /// <summary>Leader-election settings with a fresh identity (<see cref="InstanceName"/> plus a random suffix).</summary>
    public LeaderElectionOptions ToLeaderElectionOptions() => new(LeaderElectionOptions.NewIdentity(InstanceName))
    {
        LeaseDuration = LeaseDuration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = RetryPeriod,
    };

    public HealthServerOptions ToHealthServerOptions() => new() { BindAddress = HealthBindAddress, Port = HealthPort };
}
