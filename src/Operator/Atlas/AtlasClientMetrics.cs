using System.Diagnostics.Metrics;

namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// The client's instruments on the meter <see cref="MeterName"/>: every HTTP exchange by operation and status,
/// and every rate-limit wait (the client's own limiter, or a server <c>Retry-After</c>/backoff).
/// </summary>
public sealed class AtlasClientMetrics : IDisposable
{
    public const string MeterName = "AtlasRestoreOperator.Atlas";
    public const string RequestsInstrument = "atlas.client.requests";
    public const string RateLimitWaitInstrument = "atlas.client.rate_limit.wait";
    public const string DeferredInstrument = "atlas.client.rate_limit.deferred";

    /// <summary>Tag on both instruments: the operation name, e.g. <c>createFlexRestoreJob</c>.</summary>
    public const string EndpointTag = "endpoint";
    /// <summary>Tag on requests: the HTTP status (<c>"200"</c>), or <c>"timeout"</c> / <c>"network_error"</c> when none arrived.</summary>
    public const string StatusCodeTag = "status_code";
    /// <summary>Tag on waits: <c>"client"</c> (our limiter) or <c>"server"</c> (429/503 Retry-After and backoff).</summary>
    public const string SourceTag = "source";

    private readonly Meter? ownedMeter;
    private readonly Meter meter;
    private readonly Counter<long> requests;
    private readonly Histogram<double> rateLimitWait;
    private readonly Counter<long> deferred;

    public AtlasClientMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(MeterName) ?? (ownedMeter = new Meter(MeterName));
        requests = meter.CreateCounter<long>(RequestsInstrument, "{request}", "Atlas Admin API HTTP exchanges, by operation and status code.");
        rateLimitWait = meter.CreateHistogram<double>(RateLimitWaitInstrument, "s", "Seconds a call waited for rate limits before sending.");
        deferred = meter.CreateCounter<long>(DeferredInstrument, "{request}", "Reads not sent because the project's client-side limiter had no permit soon; the object is looked at again later.");
    }

    /// <summary>The meter the instruments live on (tests listen to this instance only).</summary>
    internal Meter Meter => meter;

    internal void RecordRequest(string endpoint, string statusCode) =>
        requests.Add(1, new KeyValuePair<string, object?>(EndpointTag, endpoint), new KeyValuePair<string, object?>(StatusCodeTag, statusCode));

    internal void RecordWait(string endpoint, string source, TimeSpan wait) =>
        rateLimitWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>(EndpointTag, endpoint), new KeyValuePair<string, object?>(SourceTag, source));

    internal void RecordDeferred(string endpoint) =>
        deferred.Add(1, new KeyValuePair<string, object?>(EndpointTag, endpoint));

    public void Dispose() => ownedMeter?.Dispose();
}
