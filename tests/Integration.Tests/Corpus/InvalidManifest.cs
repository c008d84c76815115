using System.Text.RegularExpressions;

namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>
/// One file of Corpus/invalid: a manifest the API server must refuse. Its leading comments say what it shows
/// (the first line), what kubectl must print (<c># expect:</c>, one fragment per line) and, for an edit after
/// create, the merge patch kubectl applies once the manifest is created (<c># patch:</c>).
/// </summary>
public sealed partial record InvalidManifest(string FileName, string Title, IReadOnlyList<string> Expectations, string? MergePatch, string ObjectName)
{
    private const string ExpectPrefix = "# expect:";
    private const string PatchPrefix = "# patch:";

    /// <summary>True when a valid object is created first and then edited (its documents or its patch are refused).</summary>
    public bool EditsAfterCreate => MergePatch is not null || DocumentCount > 1;

    public int DocumentCount { get; init; } = 1;

    public static InvalidManifest Parse(string fileName, string text)
    {
        var header = text.Split('\n').TakeWhile(line => line.StartsWith('#')).Select(line => line.TrimEnd('\r')).ToList();
        var expectations = header.Where(l => l.StartsWith(ExpectPrefix, StringComparison.Ordinal)).Select(l => l[ExpectPrefix.Length..].Trim()).ToList();
        var patch = header.FirstOrDefault(l => l.StartsWith(PatchPrefix, StringComparison.Ordinal))?[PatchPrefix.Length..].Trim();
        if (header.Count == 0 || expectations.Count == 0)
        {
            throw new FormatException($"{fileName} needs a leading '# <what it shows>' line and at least one '{ExpectPrefix} <stderr fragment>' line");
        }

        var name = ObjectNamePattern().Match(text) is { Success: true } match ? match.Groups[1].Value.Trim() : "";
        return new InvalidManifest(fileName, header[0].TrimStart('#').Trim(), expectations, patch, name)
        {
            DocumentCount = DocumentSeparator().Matches(text).Count + 1,
        };
    }

    public override string ToString() => FileName;

    [GeneratedRegex(@"^metadata:\s*\n\s+name:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex ObjectNamePattern();

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
