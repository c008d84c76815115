using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>A parsed <c>labelSelector</c> query parameter (all terms must match).</summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<LabelRequirement> _requirements;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(JsonObject obj)
    {
        if (_requirements.Count == 0)
        {
            return true;
        }

        var labels = KubeObject.Labels(obj);
        return _requirements.All(r => r.Matches(labels));
    }

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(requirements);
    }

    private static LabelRequirement ParseTerm(string term, string whole)
    {
        if (term.StartsWith('!'))
        {
            return new LabelRequirement(term[1..].Trim(), "!", []);
        }

        foreach (var (word, op) in new[] { (" notin ", "notin"), (" in ", "in") })
        {
            var at = term.IndexOf(word, StringComparison.Ordinal);
            if (at > 0)
            {
                var set = term[(at + word.Length)..].Trim();
                if (!set.StartsWith('(') || !set.EndsWith(')'))
                {
                    throw Invalid(whole);
                }

                var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return new LabelRequirement(term[..at].Trim(), op, values);
            }
        }

        foreach (var (symbol, op) in new[] { ("!=", "!="), ("==", "="), ("=", "=") })
        {
            var at = term.IndexOf(symbol, StringComparison.Ordinal);
            if (at > 0)
            {
                return new LabelRequirement(term[..at].Trim(), op, [term[(at + symbol.Length)..].Trim()]);
            }
        }

        if (term.Length == 0 || term.Any(char.IsWhiteSpace))
        {
            throw Invalid(whole);
        }

        return new LabelRequirement(term, "exists", []);
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static KubeApiException Invalid(string text) =>
        StatusBodies.BadRequest($"unable to parse requirement: found '{text}', expected: in, notin, =, ==, !=, gt, lt");
}
