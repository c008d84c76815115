namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>The Atlas <c>errorCode</c> values the restore logic branches on.</summary>
public static class AtlasErrorCodes
{
    public const string ClusterNotFound = "CLUSTER_NOT_FOUND";
    public const string GroupNotFound = "GROUP_NOT_FOUND";
    public const string SnapshotNotFound = "SNAPSHOT_NOT_FOUND";
    public const string NonFlexClusterInFlexApi = "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API";
    public const string FlexClusterInClusterApi = "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API";
    public const string FeatureUnsupported = "FEATURE_UNSUPPORTED";
    public const string VersionGone = "VERSION_GONE";
}
