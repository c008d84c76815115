namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>Project role names the emulator checks (Atlas's role ids).</summary>
public static class AtlasRoles
{
    /// <summary>Project Owner: everything, including the tenant restore and download POSTs.</summary>
    public const string ProjectOwner = "GROUP_OWNER";

    /// <summary>Project Backup Recovery Operator: may create Flex restore jobs (F1) and read.</summary>
    public const string ProjectBackupRecoveryOperator = "GROUP_BACKUP_RECOVERY_OPERATOR";

    /// <summary>Project Backup Export Operator: may request Flex snapshot downloads (F6) and read.</summary>
    public const string ProjectBackupExportOperator = "GROUP_BACKUP_EXPORT_OPERATOR";

    /// <summary>Project Read Only: every GET.</summary>
    public const string ProjectReadOnly = "GROUP_READ_ONLY";
}
