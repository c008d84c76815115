namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>A matched route and its path parameters.</summary>
internal sealed record RouteMatch(RouteDefinition Route, IReadOnlyDictionary<string, string> Parameters)
{
    public string this[string name] => Parameters[name];
}
