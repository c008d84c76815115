// TEMPORARY stub; delete SchemaStub/ when the kube-schema branch is merged.
namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

public sealed class SchemaNotSupportedException(string message) : Exception(message);
