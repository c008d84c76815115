namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>The exact versioned media types each endpoint family publishes (only one version ever existed for each).</summary>
public static class AtlasMediaTypes
{
    public const string Tenant = "application/vnd.atlas.2023-01-01+json";
    public const string Flex = "application/vnd.atlas.2024-11-13+json";
    public const string Cluster = "application/vnd.atlas.2024-08-05+json";
}
