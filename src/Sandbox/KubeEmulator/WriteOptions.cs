namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The write query parameters: fieldValidation (Strict, Warn, Ignore), dryRun=All, fieldManager, force.</summary>
internal sealed record WriteOptions(string FieldValidation, bool DryRun, string? FieldManager, bool Force)
{
    public List<string> Warnings { get; } = [];
}
