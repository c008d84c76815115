namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// One node of a parsed rule: <see cref="Target"/> is the operand (or left operand), <see cref="Other"/> the right
/// operand or call argument, <see cref="Name"/> the selected field, <see cref="Literal"/> a literal's value.
/// </summary>
internal sealed record CelNode(
    CelNodeKind Kind,
    CelNode? Target = null,
    CelNode? Other = null,
    string? Name = null,
    object? Literal = null);
