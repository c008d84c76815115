namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>What a fault predicate sees of a request: the HTTP method, the path and, for resource URLs, its parts.</summary>
public sealed record KubeRequestInfo(string Method, string Path, string? Resource, string? Namespace, string? Name, string? Subresource, bool IsWatch);
