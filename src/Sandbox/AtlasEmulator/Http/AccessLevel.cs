namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>The project role an operation needs.</summary>
internal enum AccessLevel
{
    /// <summary>Project Read Only or any higher project role.</summary>
    Read,

    /// <summary>Project Owner (tenant restore and download).</summary>
    Owner,

    /// <summary>Project Owner or Project Backup Recovery Operator (Flex restore).</summary>
    FlexRestore,

    /// <summary>Project Owner or Project Backup Export Operator (Flex download).</summary>
    FlexDownload,
}
