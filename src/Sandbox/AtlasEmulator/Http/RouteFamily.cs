namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>Which group of endpoints a route belongs to.</summary>
internal enum RouteFamily
{
    Tenant,
    Flex,
    Cluster,
    OAuth,
}
