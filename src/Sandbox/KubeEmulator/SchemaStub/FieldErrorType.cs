// TEMPORARY stub; delete SchemaStub/ when the kube-schema branch is merged.
namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

public enum FieldErrorType { Invalid, Required, NotSupported, Forbidden, TypeInvalid, TooLong, TooMany, Duplicate }
