namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>How <see cref="AtlasClient"/> reaches Atlas, paces itself and retries.</summary>
public sealed record AtlasClientOptions
{
    /// <summary>The Atlas origin; the sandbox or a test points this at its own server.</summary>
    public Uri BaseUrl { get; init; } = new("https://cloud.mongodb.com");

    /// <summary>How long one HTTP exchange may take before it counts as a timeout (an ambiguous outcome).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Client-side limiter: requests refilled per <see cref="RateLimitPeriod"/>, per project.</summary>
    public int RateLimitPermitsPerPeriod { get; init; } = 90;

    /// <summary>Client-side limiter: the refill period (90 per 60 s stays under the documented 100 per 60 s).</summary>
    public TimeSpan RateLimitPeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Client-side limiter: how many requests a project may send at once before pacing starts.</summary>
    public int RateLimitBurst { get; init; } = 20;

    /// <summary>
    /// The longest a read (GET) waits for the project's limiter (never less than one refill step). A read that would
    /// wait longer is not sent: it throws
    /// <see cref="AtlasRequestDeferredException"/> so the reconciler requeues and the worker serves other projects.
    /// A POST always waits its turn, since its intent is already written. <see cref="Timeout.InfiniteTimeSpan"/>: reads wait too.
    /// </summary>
    public TimeSpan MaxReadLimiterWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Retries of one call. A 429 (nothing was done) is retried for any method. A 5xx (503 included), a timeout or a
    /// network error leaves the outcome ambiguous, so only GETs repeat it; a POST then fails at once, never retried.
    /// </summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first backoff step; each later one doubles, up to <see cref="RetryMaxDelay"/>, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest backoff step.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A <c>Retry-After</c> longer than this is not waited out inside the call: the 429 surfaces to the caller
    /// (with <see cref="AtlasApiException.RetryAfter"/>) so the reconciler requeues instead of holding a worker.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Page size for the Flex list calls (Atlas allows 1 to 500).</summary>
    public int ListPageSize { get; init; } = 500;

    /// <summary>Safety bound on pages followed by one list call, so a server that always says "next" cannot loop us forever.</summary>
    public int MaxPages { get; init; } = 1000;

    /// <summary>
    /// A cached OAuth token is fetched again this long before it expires; for a token that lives less than twice
    /// this long, half its lifetime is used instead.
    /// </summary>
    public TimeSpan TokenRefreshMargin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"{nameof(BaseUrl)} must be an absolute http or https URL, got '{BaseUrl}'.", nameof(BaseUrl));
        }
        RequirePositive(RequestTimeout, nameof(RequestTimeout));
        RequirePositive(RateLimitPeriod, nameof(RateLimitPeriod));
        if (MaxReadLimiterWait < TimeSpan.Zero && MaxReadLimiterWait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"{nameof(MaxReadLimiterWait)} must be 0 or more (or infinite), got {MaxReadLimiterWait}.", nameof(MaxReadLimiterWait));
        }
        if (RateLimitPermitsPerPeriod < 1)
        {
            throw new ArgumentException($"{nameof(RateLimitPermitsPerPeriod)} must be at least 1, got {RateLimitPermitsPerPeriod}.", nameof(RateLimitPermitsPerPeriod));
        }
        if (RateLimitBurst < 1)
        {
            throw new ArgumentException($"{nameof(RateLimitBurst)} must be at least 1, got {RateLimitBurst}.", nameof(RateLimitBurst));
        }
        if (MaxRetries < 0)
        {
            throw new ArgumentException($"{nameof(MaxRetries)} must be 0 or more, got {MaxRetries}.", nameof(MaxRetries));
        }
        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            throw new ArgumentException($"{nameof(RetryBaseDelay)} must be 0 or more and at most {nameof(RetryMaxDelay)}.", nameof(RetryBaseDelay));
        }
        if (MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(MaxRetryAfter)} must be 0 or more, got {MaxRetryAfter}.", nameof(MaxRetryAfter));
        }
        if (ListPageSize is < 1 or > 500)
        {
            throw new ArgumentException($"{nameof(ListPageSize)} must be between 1 and 500, got {ListPageSize}.", nameof(ListPageSize));
        }
        if (MaxPages < 1)
        {
            throw new ArgumentException($"{nameof(MaxPages)} must be at least 1, got {MaxPages}.", nameof(MaxPages));
        }
        if (TokenRefreshMargin < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(TokenRefreshMargin)} must be 0 or more, got {TokenRefreshMargin}.", nameof(TokenRefreshMargin));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be greater than zero, got {value}.", name);
        }
    }
}
