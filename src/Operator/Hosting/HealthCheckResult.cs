namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>The outcome of one health or readiness check; the reason is shown on the probe endpoint, so no secrets.</summary>
public sealed record HealthCheckResult(bool IsHealthy, string? Reason)
{
    public static HealthCheckResult Healthy { get; } = new(true, null);

    public static HealthCheckResult Unhealthy(string reason) => new(false, reason);
}
