namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>What one HTTP exchange with Atlas returned: the parts the client acts on.</summary>
internal sealed record AtlasExchangeResult(int StatusCode, string Body, TimeSpan? RetryAfter, DigestChallenge? DigestChallenge)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
