namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The Event object written for a series and how many times it has occurred.</summary>
internal sealed record EventSeries(string Namespace, string EventName, int Count);
