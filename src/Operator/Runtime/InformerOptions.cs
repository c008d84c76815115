namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>How an <see cref="Informer{T}"/> lists, watches and reconnects.</summary>
public sealed record InformerOptions
{
    /// <summary>Namespaces to watch, one list/watch each; empty means all namespaces with one cluster-wide list/watch.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Each watch asks the server to close after a timeout chosen uniformly in [min, max], as client-go does.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>First reconnect delay after an error; doubles per consecutive error, jittered into [d/2, d].</summary>
    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With no list, event, bookmark or clean stream end for this long the informer reports itself unhealthy;
    /// null means twice <see cref="MaxWatchTimeout"/>. The same bound aborts a watch the server failed to close.
    /// </summary>
    public TimeSpan? StaleAfter { get; init; }

    internal TimeSpan EffectiveStaleAfter => StaleAfter ?? MaxWatchTimeout * 2;

    internal void Validate()
    {
        if (MinWatchTimeout < TimeSpan.FromSeconds(1) || MaxWatchTimeout < MinWatchTimeout)
        {
            throw new ArgumentException("MinWatchTimeout must be at least 1 s and MaxWatchTimeout at least MinWatchTimeout.");
        }

        if (ReconnectBaseDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectBaseDelay)
        {
            throw new ArgumentException("ReconnectBaseDelay must be positive and ReconnectMaxDelay at least ReconnectBaseDelay.");
        }

        if (Namespaces.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Namespaces must not contain empty names.");
        }
    }
}
