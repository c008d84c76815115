namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>
/// One request a client sent to the Kubernetes API through a <see cref="RecordingKubeProxy"/>, with the answer's status
/// code and, for writes, the object the server returned (what was stored).
/// </summary>
public sealed record RecordedKubeRequest(string Method, string Path, bool IsWatch, int StatusCode, string? ResponseBody);
