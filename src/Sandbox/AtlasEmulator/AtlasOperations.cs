namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>The operation names the journal and the fault injector use (the CLI/SDK operation-id overrides).</summary>
public static class AtlasOperations
{
    public const string CreateTenantRestore = "createBackupTenantRestore";
    public const string ListTenantRestores = "listBackupTenantRestores";
    public const string GetTenantRestore = "getBackupTenantRestore";
    public const string ListTenantSnapshots = "listClusterBackupSnapshots";
    public const string GetTenantSnapshot = "getBackupTenantSnapshot";
    public const string DownloadTenantSnapshot = "downloadClusterBackupTenant";
    public const string CreateFlexRestoreJob = "createFlexRestoreJob";
    public const string ListFlexRestoreJobs = "listFlexRestoreJobs";
    public const string GetFlexRestoreJob = "getFlexRestoreJob";
    public const string ListFlexSnapshots = "listFlexBackupSnapshots";
    public const string GetFlexSnapshot = "getFlexBackupSnapshot";
    public const string DownloadFlexSnapshot = "downloadFlexBackup";
    public const string GetFlexCluster = "getFlexCluster";
    public const string GetCluster = "getCluster";
    public const string IssueToken = "createOAuthToken";
    public const string RevokeToken = "revokeOAuthToken";
}
