namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The object an event is about (its involvedObject / regarding reference).</summary>
public sealed record EventTarget(string ApiVersion, string Kind, string Namespace, string Name, string? Uid);
