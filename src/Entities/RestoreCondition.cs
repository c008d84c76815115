using System.ComponentModel;
using AtlasRestoreOperator.Entities.Schema;

namespace AtlasRestoreOperator.Entities;

/// <summary>A condition in the shape of metav1.Condition.</summary>
public sealed record RestoreCondition
{
    public const string Ready = "Ready";
    public const string Reconciling = "Reconciling";
    public const string Stalled = "Stalled";
    public const string Submitted = "Submitted";

    [Required]
    [Description("Condition type: Ready, Reconciling, Stalled or Submitted.")]
    public string Type { get; init; } = "";

    [Required]
    [Description("True, False or Unknown.")]
    public string Status { get; init; } = "Unknown";

    [Description("The metadata.generation the condition was computed from.")]
    public long? ObservedGeneration { get; init; }

    [Required]
    [Description("When the status last changed.")]
    public DateTimeOffset LastTransitionTime { get; init; }

    [Required]
    [Description("CamelCase reason.")]
    public string Reason { get; init; } = "";

    [Required]
    [Description("One sentence a user can act on.")]
    public string Message { get; init; } = "";
}
