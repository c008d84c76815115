using AtlasRestoreOperator.Operator.Runtime.LeaderElection;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// The operator's readiness rule for /readyz. Without leader election: ready once the informer has synced.
/// With it: a standby replica is ready as long as it campaigns (it is healthy and able to take over, and a rolling
/// update must not stall on it); the leader is ready once its informer has synced. Register
/// <see cref="Check"/> with <see cref="HealthServer.AddReadinessCheck"/>.
/// </summary>
public sealed class LeaderAwareReadiness(LeaderElector? elector, Func<bool> informerSynced)
{
    public HealthCheckResult Check()
    {
        if (elector is not null && !elector.IsRunning)
        {
            return HealthCheckResult.Unhealthy("leader election is not running");
        }

        if (elector is not null && !elector.IsLeader)
        {
            return HealthCheckResult.Healthy;
        }

        return informerSynced() ? HealthCheckResult.Healthy : HealthCheckResult.Unhealthy("the informer has not finished its initial list");
    }
}
