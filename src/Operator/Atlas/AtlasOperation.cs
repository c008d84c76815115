namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>One Atlas endpoint: its operation name (the metric and log tag), HTTP method and media type.</summary>
internal sealed record AtlasOperation(string Name, HttpMethod Method, string MediaType)
{
    public static readonly AtlasOperation CreateFlexRestoreJob = new("createFlexRestoreJob", HttpMethod.Post, AtlasMediaTypes.Flex);
    public static readonly AtlasOperation ListFlexRestoreJobs = new("listFlexRestoreJobs", HttpMethod.Get, AtlasMediaTypes.Flex);
    public static readonly AtlasOperation GetFlexRestoreJob = new("getFlexRestoreJob", HttpMethod.Get, AtlasMediaTypes.Flex);
    public static readonly AtlasOperation ListFlexBackupSnapshots = new("listFlexBackupSnapshots", HttpMethod.Get, AtlasMediaTypes.Flex);
    public static readonly AtlasOperation GetFlexBackupSnapshot = new("getFlexBackupSnapshot", HttpMethod.Get, AtlasMediaTypes.Flex);
    public static readonly AtlasOperation GetFlexCluster = new("getFlexCluster", HttpMethod.Get, AtlasMediaTypes.Flex);
    public static readonly AtlasOperation CreateBackupTenantRestore = new("createBackupTenantRestore", HttpMethod.Post, AtlasMediaTypes.Tenant);
    public static readonly AtlasOperation ListBackupTenantRestores = new("listBackupTenantRestores", HttpMethod.Get, AtlasMediaTypes.Tenant);
    public static readonly AtlasOperation GetBackupTenantRestore = new("getBackupTenantRestore", HttpMethod.Get, AtlasMediaTypes.Tenant);
    public static readonly AtlasOperation ListBackupTenantSnapshots = new("listClusterBackupSnapshots", HttpMethod.Get, AtlasMediaTypes.Tenant);
    public static readonly AtlasOperation GetBackupTenantSnapshot = new("getBackupTenantSnapshot", HttpMethod.Get, AtlasMediaTypes.Tenant);
    public static readonly AtlasOperation GetCluster = new("getCluster", HttpMethod.Get, AtlasMediaTypes.Cluster);

    /// <summary>The token call is counted too, under this name.</summary>
    public const string OAuthTokenName = "oauthToken";

    public bool IsPost => Method == HttpMethod.Post;
    public bool IsTenant => MediaType == AtlasMediaTypes.Tenant;
}
