using System.ComponentModel;

namespace AtlasRestoreOperator.Entities;

/// <summary>What the operator observed and did; written only through the status subresource.</summary>
public sealed record AtlasSharedRestoreStatus
{
    [Description("Pending, Submitting, Running, Completed or Failed.")]
    public RestorePhase? Phase { get; init; }

    [Description("The Atlas API in use (Flex or Tenant), as resolved; never changes once set.")]
    public ResolvedApi? Api { get; init; }

    [Description("The Atlas restore job as last read.")]
    public AtlasRestoreJobStatus? Job { get; init; }

    [Description("True when the job's id was found in Atlas (an identical existing job, or this object's own submission whose answer was lost) rather than read from a POST answer.")]
    public bool? Adopted { get; init; }

    [Description("The submission intent, written before the job is posted.")]
    public SubmissionIntent? Submission { get; init; }

    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }
    public long? ObservedGeneration { get; init; }
    public IReadOnlyList<RestoreCondition>? Conditions { get; init; }
}
