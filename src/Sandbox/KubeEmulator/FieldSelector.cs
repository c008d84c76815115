using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>A parsed <c>fieldSelector</c>: <c>f=v</c>, <c>f==v</c>, <c>f!=v</c> terms on the fields the resource supports.</summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text, ResourceDefinition definition)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var term in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (field, equal, value) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0
                ? (term[..ne], false, term[(ne + 2)..])
                : term.IndexOf("==", StringComparison.Ordinal) is var ee and > 0
                    ? (term[..ee], true, term[(ee + 2)..])
                    : term.IndexOf('=') is var e and > 0
                        ? (term[..e], true, term[(e + 1)..])
                        : throw StatusBodies.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            field = field.Trim();
            if (!Supports(definition, field))
            {
                throw StatusBodies.BadRequest(definition.IsCustom
                    ? $"{GoFormat.Quote(field)} is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
                    : $"field label not supported: {field}");
            }

            terms.Add((field, equal, value.Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) =>
        _terms.All(t => (FieldValue(obj, t.Field) == t.Value) == t.Equal);

    private static bool Supports(ResourceDefinition definition, string field) =>
        field is "metadata.name" or "metadata.namespace"
        || (definition.Plural == "events" && (field.StartsWith("involvedObject.", StringComparison.Ordinal)
            || field.StartsWith("regarding.", StringComparison.Ordinal)
            || field is "reason" or "type" or "source" or "reportingComponent"))
        || (definition.Plural == "secrets" && field == "type")
        || (definition.Plural == "namespaces" && field == "status.phase");

    private static string FieldValue(JsonObject obj, string field)
    {
        if (field.StartsWith("involvedObject.", StringComparison.Ordinal) && obj["involvedObject"] is null && obj["regarding"] is not null)
        {
            field = "regarding." + field["involvedObject.".Length..];
        }
        else if (field == "source" && obj["source"] is JsonObject)
        {
            field = "source.component";
        }

        return KubeObject.StringAt(obj, field) ?? "";
    }
}
