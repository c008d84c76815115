using System.Reflection;
using System.Text.RegularExpressions;
using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Operator.Restore;

namespace AtlasRestoreOperator.Entities.Tests;

/// <summary>The README's reference tables follow the code, so a new setting or metric cannot go undocumented.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));

    [Fact]
    public void The_configuration_table_names_every_flag_and_variable_the_operator_reads()
    {
        var table = Section(Readme, "## Configuration");
        var flags = FlagLine().Matches(OperatorOptionsParser.HelpText).Select(m => m.Groups["flag"].Value).Where(f => f != "--help").ToList();
        var variables = VariableLine().Matches(OperatorOptionsParser.HelpText).Select(m => m.Groups["env"].Value).ToList();

        flags.Should().HaveCountGreaterThan(15).And.Contain(["--atlas-base-url", "--watch-namespaces", "--default-secret", "--leader-elect", "--health-port"]);
        variables.Should().HaveSameCount(flags);
        flags.Where(f => !table.Contains($"`{f}`", StringComparison.Ordinal)).Should().BeEmpty("every flag has a row");
        variables.Where(v => !table.Contains($"`{v}`", StringComparison.Ordinal)).Should().BeEmpty("every variable has a row");
    }

    [Fact]
    public void The_metrics_table_lists_the_same_metrics_as_docs_metrics()
    {
        var readmeMetrics = MetricName().Matches(Section(Readme, "## Metrics and logs")).Select(m => m.Value).ToHashSet();
        var doc = File.ReadAllText(RepositoryFiles.PathOf("docs/metrics.md"));
        var docMetrics = MetricName().Matches(Section(doc, "## What to graph")).Select(m => m.Value).ToHashSet();

        readmeMetrics.Should().HaveCountGreaterThanOrEqualTo(6);
        readmeMetrics.Should().BeEquivalentTo(docMetrics);
    }

    [Fact]
    public void The_reasons_table_names_every_reason_the_operator_uses()
    {
        var section = Section(Readme, "### Reasons");
        var reasons = typeof(RestoreReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        reasons.Should().HaveCountGreaterThan(30);
        reasons.Where(r => !section.Contains($"`{r}`", StringComparison.Ordinal)).Should().BeEmpty();
    }

    /// <summary>The text from a heading to the next heading of the same or a higher level.</summary>
    private static string Section(string markdown, string heading)
    {
        var lines = markdown.Split('\n');
        var start = Array.IndexOf(lines, heading);
        start.Should().BeGreaterThanOrEqualTo(0, $"the document has a '{heading}' section");
        var level = heading.IndexOf(' ', StringComparison.Ordinal);
        var end = start + 1;
        while (end < lines.Length && !IsHeadingUpTo(lines[end], level))
        {
            end++;
        }

        return string.Join('\n', lines[start..end]);
    }

    private static bool IsHeadingUpTo(string line, int level)
    {
        var hashes = line.TakeWhile(c => c == '#').Count();
        return hashes > 0 && hashes <= level && line.Length > hashes && line[hashes] == ' ';
    }

    [GeneratedRegex(@"^  (?<flag>--[a-z-]+)", RegexOptions.Multiline)]
    private static partial Regex FlagLine();

    [GeneratedRegex(@"\[(?<env>[A-Z_]+)\]$", RegexOptions.Multiline)]
    private static partial Regex VariableLine();

    [GeneratedRegex(@"atlasrestoreoperator_[a-z_]+")]
    private static partial Regex MetricName();
}
