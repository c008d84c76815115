namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>
/// The health server exports every AtlasRestoreOperator meter in the process, so a test that reads exact values from
/// /metrics must not share the process with other tests' operators: xunit runs this collection alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetricsCollection
{
    public const string Name = "Process-wide metrics";
}
