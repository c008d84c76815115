namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>One token; <see cref="Text"/> is the identifier name or the decoded literal text.</summary>
internal readonly record struct CelToken(CelTokenKind Kind, string Text, int Position);
