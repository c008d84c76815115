namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>No HTTP answer arrived: the exchange timed out or the connection failed.</summary>
internal sealed class AtlasTransportException(bool timedOut, string description, Exception innerException)
    : Exception(description, innerException)
{
    public bool TimedOut { get; } = timedOut;
}
