namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// An attempt failed before the API request was sent (the OAuth token could not be had). Nothing reached the
/// API, so the attempt may be repeated even for a POST when <see cref="Retryable"/>.
/// </summary>
internal sealed class AtlasAttemptException(AtlasApiException failure, bool retryable) : Exception(failure.Message, failure)
{
    public AtlasApiException Failure { get; } = failure;
    public bool Retryable { get; } = retryable;
}
