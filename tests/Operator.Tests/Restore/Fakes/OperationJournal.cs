namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

/// <summary>One ordered list of what the fakes were asked to do, so tests can assert ordering across them.</summary>
internal sealed class OperationJournal
{
    private readonly List<string> entries = [];

    public IReadOnlyList<string> Entries => entries;

    public void Add(string entry) => entries.Add(entry);
}
