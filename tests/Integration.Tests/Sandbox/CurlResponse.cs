namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>What one curl run got: the HTTP status code (0 when there was none), the body and curl's own errors.</summary>
public sealed record CurlResponse(int StatusCode, string Body, string StandardError)
{
    public override string ToString() => $"HTTP {StatusCode}\n{Body}\nstderr:\n{StandardError}";
}
