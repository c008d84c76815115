namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// A failed Atlas call. <see cref="Kind"/> tells a definite rejection from an ambiguous outcome; the other
/// properties carry the Atlas <c>ApiError</c> body when there was one. The message never holds a secret.
/// </summary>
public sealed class AtlasApiException : Exception
{
    public AtlasApiException(
        string message,
        AtlasFailureKind kind,
        int? httpStatus = null,
        string? errorCode = null,
        string? detail = null,
        string? reason = null,
        IReadOnlyList<string>? parameters = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        Detail = detail;
        Reason = reason;
        Parameters = parameters ?? [];
        RetryAfter = retryAfter;
    }

    public AtlasFailureKind Kind { get; }

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? HttpStatus { get; }

    /// <summary>The Atlas <c>errorCode</c>, e.g. <c>CLUSTER_NOT_FOUND</c>.</summary>
    public string? ErrorCode { get; }

    public string? Detail { get; }
    public string? Reason { get; }
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsDefiniteRejection => Kind == AtlasFailureKind.Rejected;
}
