namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>What a fault predicate sees of a request.</summary>
/// <param name="Operation">The operation name (see <see cref="AtlasOperations"/>).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path.</param>
public sealed record FaultRequest(string Operation, string Method, string Path);
