namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// A request the server refuses before routing (malformed, too large, unsupported protocol version): the status is
/// answered and the connection closed, since after a framing error nothing more read from it can be trusted.
/// </summary>
internal sealed class HttpRequestRejectedException(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;
}
