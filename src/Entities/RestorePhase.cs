namespace AtlasRestoreOperator.Entities;

/// <summary>The phase shown in <c>status.phase</c>.</summary>
public enum RestorePhase
{
    Pending,
    Submitting,
    Running,
    Completed,
    Failed,
}
