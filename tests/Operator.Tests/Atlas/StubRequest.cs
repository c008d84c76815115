namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>One request as the stub server received it.</summary>
public sealed record StubRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string PathAndQuery => Path + Query;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
