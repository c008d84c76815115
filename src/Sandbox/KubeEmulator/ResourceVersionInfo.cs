using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>One served version of a resource: its status subresource, printer columns and schema.</summary>
public sealed record ResourceVersionInfo(
    string Name,
    bool HasStatusSubresource,
    IReadOnlyList<PrinterColumn> PrinterColumns,
    StructuralSchema? Schema);
