namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>One endpoint: method, path template (<c>{name}</c> segments capture), operation, media types and role.</summary>
internal sealed record RouteDefinition(
    string Method,
    string Template,
    string Operation,
    RouteFamily Family,
    IReadOnlyList<string> AcceptVersions,
    AccessLevel Access)
{
    public string[] Segments { get; } = Template.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
