namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>CEL's optional value, which <c>oldSelf</c> is when a rule sets <c>optionalOldSelf: true</c>.</summary>
internal sealed record CelOptional(bool HasValue, object? Value);
