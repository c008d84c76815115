using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>Operators in the test process with the fault matrix's settings (a short Atlas request timeout, fast retries).</summary>
public static class InProcessOperators
{
    public static OperatorInstance Start(RestoreEnvironment environment, string name, TimeSpan atlasRequestTimeout)
    {
        var options = new OperatorOptions
        {
            KubeconfigPath = environment.KubeconfigPath,
            AtlasBaseUrl = environment.Atlas.BaseUrl,
            DefaultSecret = new ObjectKey(RestoreEnvironment.Namespace, RestoreEnvironment.SecretName),
            LeaderElect = false,
            InstanceName = name,
            HealthBindAddress = "127.0.0.1",
            HealthPort = 0,
            PollInitialInterval = TimeSpan.FromMilliseconds(200),
            PollMaxInterval = TimeSpan.FromSeconds(1),
            SubmissionLeaseDuration = TimeSpan.FromSeconds(2),
            AmbiguousOutcomeGracePeriod = TimeSpan.FromMilliseconds(500),
            NeedsAttentionRetryInterval = TimeSpan.FromSeconds(1),
        };
        var host = new OperatorHost(
            new OperatorHostOptions(options)
            {
                ConfigureRestore = restore => restore with { RateLimitedRetryInterval = TimeSpan.FromSeconds(1) },
                ConfigureAtlas = atlas => atlas with { RequestTimeout = atlasRequestTimeout, RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromSeconds(1) },
            },
            environment.LoggerFactory);
        return new OperatorInstance(host);
    }
}
