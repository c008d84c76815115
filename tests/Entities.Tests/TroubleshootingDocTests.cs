using System.Reflection;
using AtlasRestoreOperator.Operator.Restore;

namespace AtlasRestoreOperator.Entities.Tests;

public sealed class TroubleshootingDocTests
{
    // Progress reasons a user never has to act on; every other reason must be explained in docs/troubleshooting.md.
    private static readonly HashSet<string> ProgressReasons =
    [
        "Submitting", "Submitted", "SubmissionOutcomeUnknown", "SubmissionNotFound",
        "Adopted", "RestoreRunning", "Completed", "Failed", "RestoreNotCancellable", "JobSubmitted", "JobAdopted", "NotSubmitted",
    ];

    [Fact]
    public void Every_reason_a_user_may_have_to_act_on_has_a_row_in_the_troubleshooting_table()
    {
        var doc = File.ReadAllText(RepositoryFiles.PathOf("docs/troubleshooting.md"));
        var reasons = typeof(RestoreReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(r => !ProgressReasons.Contains(r))
            .ToList();

        reasons.Should().HaveCountGreaterThan(15);
        reasons.Where(r => !doc.Contains($"| `{r}`", StringComparison.Ordinal)).Should().BeEmpty();
    }
}
