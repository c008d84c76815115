namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>The rule uses syntax outside the supported CEL subset; turned into a <see cref="SchemaNotSupportedException"/>.</summary>
internal sealed class CelSyntaxException(string message) : Exception(message);
