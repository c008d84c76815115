namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>The API a restore job was created through (and is listed by).</summary>
public enum RestoreApiFamily
{
    /// <summary><c>/flexClusters/{name}/backup/restoreJobs</c> and <c>/backup/download</c>.</summary>
    Flex,

    /// <summary><c>/clusters/{clusterName}/backup/tenant/restore</c> and <c>/backup/tenant/download</c>.</summary>
    Tenant,
}
