namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>Which API family serves a cluster.</summary>
public enum ClusterKind
{
    /// <summary>A Flex cluster: served by <c>/flexClusters/...</c>; the cluster API answers CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API.</summary>
    Flex,

    /// <summary>A former M2/M5 shared-tier cluster served by the tenant backup API and the cluster API.</summary>
    Tenant,

    /// <summary>A dedicated (M10+) cluster served by the cluster API.</summary>
    Dedicated,
}
