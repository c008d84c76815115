namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>A request the stub API server received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body);
