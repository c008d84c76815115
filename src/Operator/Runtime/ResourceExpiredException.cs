namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// The API server no longer has history back to the requested resourceVersion (HTTP 410, reason Expired or Gone):
/// the client must re-list and watch from the new list's resourceVersion.
/// </summary>
public sealed class ResourceExpiredException(string message, Exception? innerException = null) : Exception(message, innerException);
