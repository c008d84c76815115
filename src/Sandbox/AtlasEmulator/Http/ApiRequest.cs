using AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>An authenticated, routed API request with its negotiated media-type version.</summary>
internal sealed record ApiRequest(
    RouteMatch Match,
    Caller Caller,
    string Version,
    string? Body,
    IQueryCollection Query,
    string BaseUrl,
    string Path,
    DateTimeOffset Now)
{
    public string GroupId => Match["groupId"];

    public bool Pretty => string.Equals(Query["pretty"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
}
