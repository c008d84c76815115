// TEMPORARY stub; delete SchemaStub/ when the kube-schema branch is merged.
namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

public sealed record FieldError(FieldErrorType Type, string Field, string Detail)
{
    public string Reason => "FieldValue" + Type;

    public string CauseMessage => Detail;

    public override string ToString() => $"{Field}: {CauseMessage}";
}
