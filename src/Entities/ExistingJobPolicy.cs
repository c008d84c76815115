namespace AtlasRestoreOperator.Entities;

/// <summary>What to do when Atlas already has a restore job of the same snapshot onto the same target.</summary>
public enum ExistingJobPolicy
{
    /// <summary>Adopt the existing job instead of submitting another (the default: it stops a second restore).</summary>
    Adopt,
    /// <summary>Submit a new job regardless.</summary>
    Resubmit,
}
