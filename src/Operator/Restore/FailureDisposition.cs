namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>What a failure means for the object.</summary>
public enum FailureDisposition
{
    /// <summary>Failed for good (the spec is immutable, so nothing can fix it): phase Failed, never requeued.</summary>
    Terminal,
    /// <summary>A person must act (Secret, key, role); a later retry may succeed: Stalled, slow requeue.</summary>
    NeedsAttention,
    /// <summary>Transient (rate limited): no status change, requeue after a delay.</summary>
    RetryLater,
}
