namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>What the pipeline learned about one request on its way through, for the answer and the journal.</summary>
internal sealed class RequestExchange
{
    public string? Identity { get; set; }

    public FaultKind? Fault { get; set; }

    /// <summary>Abort instead of answering (DropConnection, or CreateThenDrop after the work).</summary>
    public bool Drop { get; set; }

    /// <summary>RateLimit-* headers to add to whatever answer is sent.</summary>
    public List<KeyValuePair<string, string>> RateLimitHeaders { get; } = [];
}
