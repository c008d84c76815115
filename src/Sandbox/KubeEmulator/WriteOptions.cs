namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// The write query parameters: fieldValidation (Strict, Warn, Ignore), dryRun=All, fieldManager, force.
/// <see cref="UpdateManager"/> names the manager of a non-apply write: the fieldManager, else (as the real server) the
/// User-Agent up to its first '/'.
/// </summary>
internal sealed record WriteOptions(string FieldValidation, bool DryRun, string? FieldManager, bool Force, string UpdateManager)
{
    public List<string> Warnings { get; } = [];
}
