namespace AtlasRestoreOperator.Bench;

/// <summary>One measured value; <see cref="Holds"/> is null when the row has no target.</summary>
public sealed record ReportRow(string Metric, string Value, string Target = "", bool? Holds = null);
