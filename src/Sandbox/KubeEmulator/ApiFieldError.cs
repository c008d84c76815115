namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>One cause of a 422 Invalid: the field.ErrorType reason, the message without the field path, and the field.</summary>
public sealed record ApiFieldError(string Reason, string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
