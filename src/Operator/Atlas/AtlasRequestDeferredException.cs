namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// A read that was not sent because the project's client-side limiter would have held it longer than
/// <see cref="AtlasClientOptions.MaxReadLimiterWait"/>. Nothing reached Atlas; the caller should come back after
/// <see cref="RetryAfter"/> instead of holding a worker while other projects wait.
/// </summary>
public sealed class AtlasRequestDeferredException : Exception
{
    public AtlasRequestDeferredException(string operation, string projectId, TimeSpan retryAfter)
        : base($"Atlas {operation} for project {projectId} deferred by the client-side rate limit; a permit is free in {retryAfter.TotalSeconds:0.###} s.")
    {
        Operation = operation;
        ProjectId = projectId;
        RetryAfter = retryAfter;
    }

    public string Operation { get; }

    public string ProjectId { get; }

    /// <summary>When the project's limiter has a permit again.</summary>
    public TimeSpan RetryAfter { get; }
}
