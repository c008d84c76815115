namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>What the preflight learned about the target cluster, or why it could not.</summary>
internal sealed record RestoreTargetFacts(string? MajorVersion, string? EncryptionAtRestProvider, RestoreFailure? Failure);
