using System.ComponentModel;

namespace AtlasRestoreOperator.Entities;

/// <summary>The record written before the POST, so a crash or a second operator can tell a submission may exist.</summary>
public sealed record SubmissionIntent
{
    [Description("Unique id of this submission attempt.")]
    public string? AttemptId { get; init; }

    [Description("When the attempt started; the holder's lease on it runs from here.")]
    public DateTimeOffset? StartedAt { get; init; }

    [Description("Identity of the operator instance that made the attempt.")]
    public string? Holder { get; init; }
}
