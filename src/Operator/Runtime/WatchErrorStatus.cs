namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The Status object carried by an ERROR watch event (for example code 410, reason Expired).</summary>
public sealed record WatchErrorStatus(int Code, string? Reason, string? Message);
