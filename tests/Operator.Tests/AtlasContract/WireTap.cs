using System.Collections.Concurrent;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>
/// Sits between the client and the socket: counts what the client really sent and remembers the bearer tokens it
/// used, so the tests can check a token was reused and that no token leaked into a message or log line.
/// </summary>
public sealed class WireTap() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly ConcurrentQueue<(HttpMethod Method, string Path, string? Authorization)> sent = new();

    public IReadOnlyList<(HttpMethod Method, string Path, string? Authorization)> Sent => sent.ToArray();

    /// <summary>Every distinct bearer token the client presented, in first-use order.</summary>
    public IReadOnlyList<string> BearerTokens =>
        sent.Select(s => s.Authorization)
            .Where(a => a is not null && a.StartsWith("Bearer ", StringComparison.Ordinal))
            .Select(a => a!["Bearer ".Length..])
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>How many requests with this method went to a path ending in <paramref name="pathSuffix"/>.</summary>
    public int CountSent(HttpMethod method, string pathSuffix) =>
        sent.Count(s => s.Method == method && s.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization?.ToString();
        sent.Enqueue((request.Method, request.RequestUri?.AbsolutePath ?? "", authorization));
        return base.SendAsync(request, cancellationToken);
    }
}
