namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>One request the emulator received and how it answered. Never holds a secret.</summary>
public sealed record JournalEntry
{
    /// <summary>Position in the journal, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the request arrived, on the emulator's clock.</summary>
    public required DateTimeOffset Time { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    /// <summary>The raw query string including the leading '?', or empty.</summary>
    public required string Query { get; init; }

    /// <summary>The operation (see <see cref="AtlasOperations"/>), or null when the path matched none.</summary>
    public string? Operation { get; init; }

    /// <summary>The status sent; 0 when the connection was dropped before any answer.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The ApiError <c>errorCode</c> (or OAuth <c>error</c>) of an error answer.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The authenticated API public key or service-account client id; never a secret.</summary>
    public string? Identity { get; init; }

    /// <summary>The fault applied, if any.</summary>
    public FaultKind? Fault { get; init; }

    /// <summary>True when the connection was aborted instead of answered.</summary>
    public bool ConnectionDropped { get; init; }

    /// <summary>The request body of API calls (never of the OAuth endpoints, whose bodies carry tokens).</summary>
    public string? RequestBody { get; init; }
}
