namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>One line of the Prometheus text exposition format: a metric name, its labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
