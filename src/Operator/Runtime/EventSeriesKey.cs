namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>What makes two recorded events "the same" for aggregation into one Event with a count.</summary>
internal sealed record EventSeriesKey(EventTarget Target, EventType Type, string Reason, string Message);
