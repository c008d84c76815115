namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// The API server refused a write because the object changed since it was read (HTTP 409 on a resourceVersion
/// precondition). Another writer acted: re-read, never act on the stale view.
/// </summary>
public sealed class ResourceConflictException(string message, Exception? innerException = null) : Exception(message, innerException);
