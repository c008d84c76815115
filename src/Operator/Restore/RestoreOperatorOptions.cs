namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Settings of the AtlasSharedRestore reconciler; the defaults are the documented ones.</summary>
public sealed record RestoreOperatorOptions
{
    /// <summary>Identity written as <c>status.submission.holder</c>; unique per operator instance (e.g. the pod name).</summary>
    public required string OperatorIdentity { get; init; }

    /// <summary>Credentials used when an object has no <c>spec.connectionSecretRef</c>; null means there is no default.</summary>
    public SecretLocation? DefaultSecret { get; init; }

    /// <summary>First delay between polls of a running Atlas job; it doubles up to <see cref="PollMaxInterval"/>.</summary>
    public TimeSpan PollInitialInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PollMaxInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long apart the two empty job listings must be before an ambiguous POST is taken as never landed.</summary>
    public TimeSpan AmbiguousOutcomeGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a submission intent belongs to its holder; another instance leaves it alone until then.</summary>
    public TimeSpan SubmissionLeaseDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Slow retry for conditions a person must fix (missing Secret, bad keys, missing role).</summary>
    public TimeSpan NeedsAttentionRetryInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Wait after a 429 that carried no Retry-After.</summary>
    public TimeSpan RateLimitedRetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With <c>existingJobPolicy: Resubmit</c>, an ambiguous POST only claims a job scheduled no earlier than the intent
    /// minus this skew, so an older identical restore is never mistaken for ours.
    /// </summary>
    public TimeSpan ResubmitMatchClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts to record a posted job in the status before leaving it to the ambiguous-outcome path.</summary>
    public int StatusWriteAttempts { get; init; } = 5;

    /// <summary>Throws <see cref="ArgumentException"/> with one clear line when a setting is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OperatorIdentity))
        {
            throw new ArgumentException("operator identity must not be empty", nameof(OperatorIdentity));
        }

        RequirePositive(PollInitialInterval, "poll initial interval");
        RequirePositive(PollMaxInterval, "poll max interval");
        RequirePositive(AmbiguousOutcomeGracePeriod, "ambiguous-outcome grace period");
        RequirePositive(SubmissionLeaseDuration, "submission lease duration");
        RequirePositive(NeedsAttentionRetryInterval, "needs-attention retry interval");
        RequirePositive(RateLimitedRetryInterval, "rate-limited retry interval");
        if (PollMaxInterval < PollInitialInterval)
        {
            throw new ArgumentException($"poll max interval ({PollMaxInterval}) must not be shorter than the initial interval ({PollInitialInterval})");
        }

        if (StatusWriteAttempts < 1)
        {
            throw new ArgumentException("status write attempts must be at least 1", nameof(StatusWriteAttempts));
        }
    }

    private static void RequirePositive(TimeSpan value, string what)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{what} must be positive, got {value}");
        }
    }
}
