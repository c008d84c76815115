namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>How a <see cref="KubernetesEventRecorder"/> buffers and identifies itself.</summary>
public sealed record EventRecorderOptions
{
    /// <summary>Events waiting to be written; when full, new events are dropped (and logged) rather than block the caller.</summary>
    public int Capacity { get; init; } = 1000;

    /// <summary>The Event's <c>reportingComponent</c> and <c>source.component</c>.</summary>
    public string ReportingComponent { get; init; } = "atlas-restore-operator";

    /// <summary>The Event's <c>reportingInstance</c> and <c>source.host</c> (the pod name, usually).</summary>
    public string ReportingInstance { get; init; } = Environment.MachineName;

    /// <summary>How many distinct (target, type, reason, message) series are remembered for aggregation.</summary>
    public int MaxRememberedSeries { get; init; } = 4096;

    /// <summary>Each API call gives up after this long, so a hung server cannot stall the buffer forever.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
