namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>Where the health/metrics server listens and which System.Diagnostics.Metrics meters it exports.</summary>
public sealed record HealthServerOptions
{
    /// <summary>An IP address: 0.0.0.0 for all interfaces (in a pod), 127.0.0.1 for tests and local runs.</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>The port; 0 picks a free one (read it back from <see cref="HealthServer.BaseUrl"/>).</summary>
    public int Port { get; init; } = 8081;

    /// <summary>Meters named exactly this, or starting with it and a dot, are exported on /metrics.</summary>
    public string MeterNamePrefix { get; init; } = "AtlasRestoreOperator";
}
