using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>The client's log lines. Identity is the public key or client id, never a secret.</summary>
internal static partial class AtlasClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Atlas {Operation} {Method} {Path} answered {StatusCode} for {Identity}")]
    public static partial void Answered(ILogger logger, string operation, string method, string path, int statusCode, string identity);

    // The caller passes the level: a definite rejection is often expected (the Flex-then-cluster probe) and the
    // reconciler decides what the user sees; an ambiguous outcome is always worth a warning.
    [LoggerMessage(EventId = 2, Message = "Atlas {Operation} {Method} {Path} failed with {StatusCode} {ErrorCode} for {Identity}: {Kind}")]
    public static partial void Failed(ILogger logger, LogLevel level, string operation, string method, string path, string statusCode, string? errorCode, string identity, AtlasFailureKind kind);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Atlas {Operation} {Method} {Path} will retry in {DelaySeconds:0.###} s after {StatusCode} (attempt {Attempt}) for {Identity}")]
    public static partial void Retrying(ILogger logger, string operation, string method, string path, double delaySeconds, string statusCode, int attempt, string identity);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Atlas {Operation} waited {WaitSeconds:0.###} s for the client-side limit of project {ProjectId}")]
    public static partial void LimiterWaited(ILogger logger, string operation, double waitSeconds, string projectId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Atlas {Operation} deferred: project {ProjectId} has no permit for {FreeInSeconds:0.###} s")]
    public static partial void LimiterDeferred(ILogger logger, string operation, string projectId, double freeInSeconds);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Atlas answered a Digest challenge for {Identity} (stale: {Stale})")]
    public static partial void DigestChallenged(ILogger logger, string identity, bool stale);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Fetched an OAuth token for service account {Identity}, valid {LifetimeSeconds} s")]
    public static partial void TokenFetched(ILogger logger, string identity, double lifetimeSeconds);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Atlas refused the cached OAuth token for service account {Identity}; fetching a new one")]
    public static partial void TokenRefused(ILogger logger, string identity);
}
