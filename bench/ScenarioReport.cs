namespace AtlasRestoreOperator.Bench;

/// <summary>What one scenario measured: rows for the table and notes on how it was measured.</summary>
public sealed record ScenarioReport(string Scenario, IReadOnlyList<ReportRow> Rows, IReadOnlyList<string> Notes)
{
    public bool AllTargetsHold => Rows.All(r => r.Holds != false);

    /// <summary>The report as a Markdown table followed by its notes.</summary>
    public void WriteTo(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"## {Scenario}");
        output.WriteLine();
        output.WriteLine("| metric | value | target | holds |");
        output.WriteLine("|---|---|---|---|");
        foreach (var row in Rows)
        {
            var holds = row.Holds switch { true => "yes", false => "NO", null => "" };
            output.WriteLine($"| {row.Metric} | {row.Value} | {row.Target} | {holds} |");
        }

        foreach (var note in Notes)
        {
            output.WriteLine($"- {note}");
        }

        output.Flush();
    }
}
