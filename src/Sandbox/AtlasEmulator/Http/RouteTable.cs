namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>The endpoints the emulator serves and a small segment matcher over them.</summary>
internal static class RouteTable
{
    public const string TenantVersion = "2023-01-01";
    public const string FlexVersion = "2024-11-13";

    private const string Group = "api/atlas/v2/groups/{groupId}";
    private const string Tenant = Group + "/clusters/{clusterName}/backup/tenant";
    private const string Flex = Group + "/flexClusters/{name}";

    private static readonly string[] TenantVersions = [TenantVersion];
    private static readonly string[] FlexVersions = [FlexVersion];

    /// <summary>C1 versions, newest first: the newest one the client accepts wins.</summary>
    private static readonly string[] ClusterVersions = ["2024-08-05", "2023-02-01", "2023-01-01"];

    public static IReadOnlyList<RouteDefinition> Routes { get; } =
    [
        new("POST", Tenant + "/restore", AtlasOperations.CreateTenantRestore, RouteFamily.Tenant, TenantVersions, AccessLevel.Owner),
        new("GET", Tenant + "/restores", AtlasOperations.ListTenantRestores, RouteFamily.Tenant, TenantVersions, AccessLevel.Read),
        new("GET", Tenant + "/restores/{restoreId}", AtlasOperations.GetTenantRestore, RouteFamily.Tenant, TenantVersions, AccessLevel.Read),
        new("GET", Tenant + "/snapshots", AtlasOperations.ListTenantSnapshots, RouteFamily.Tenant, TenantVersions, AccessLevel.Read),
        new("GET", Tenant + "/snapshots/{snapshotId}", AtlasOperations.GetTenantSnapshot, RouteFamily.Tenant, TenantVersions, AccessLevel.Read),
        new("POST", Tenant + "/download", AtlasOperations.DownloadTenantSnapshot, RouteFamily.Tenant, TenantVersions, AccessLevel.Owner),
        new("POST", Flex + "/backup/restoreJobs", AtlasOperations.CreateFlexRestoreJob, RouteFamily.Flex, FlexVersions, AccessLevel.FlexRestore),
        new("GET", Flex + "/backup/restoreJobs", AtlasOperations.ListFlexRestoreJobs, RouteFamily.Flex, FlexVersions, AccessLevel.Read),
        new("GET", Flex + "/backup/restoreJobs/{restoreJobId}", AtlasOperations.GetFlexRestoreJob, RouteFamily.Flex, FlexVersions, AccessLevel.Read),
        new("GET", Flex + "/backup/snapshots", AtlasOperations.ListFlexSnapshots, RouteFamily.Flex, FlexVersions, AccessLevel.Read),
        new("GET", Flex + "/backup/snapshots/{snapshotId}", AtlasOperations.GetFlexSnapshot, RouteFamily.Flex, FlexVersions, AccessLevel.Read),
        new("POST", Flex + "/backup/download", AtlasOperations.DownloadFlexSnapshot, RouteFamily.Flex, FlexVersions, AccessLevel.FlexDownload),
        new("GET", Flex, AtlasOperations.GetFlexCluster, RouteFamily.Flex, FlexVersions, AccessLevel.Read),
        new("GET", Group + "/clusters/{clusterName}", AtlasOperations.GetCluster, RouteFamily.Cluster, ClusterVersions, AccessLevel.Read),
        new("POST", "api/oauth/token", AtlasOperations.IssueToken, RouteFamily.OAuth, [], AccessLevel.Read),
        new("POST", "api/oauth/revoke", AtlasOperations.RevokeToken, RouteFamily.OAuth, [], AccessLevel.Read),
    ];

    /// <summary>Finds the route for <paramref name="path"/>; <paramref name="pathExists"/> says whether another method would match.</summary>
    public static RouteMatch? Match(string method, string path, out bool pathExists)
    {
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        pathExists = false;
        foreach (RouteDefinition route in Routes)
        {
            Dictionary<string, string>? parameters = MatchSegments(route.Segments, segments);
            if (parameters is null)
            {
                continue;
            }

            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
            {
                return new RouteMatch(route, parameters);
            }

            pathExists = true;
        }

        return null;
    }

    private static Dictionary<string, string>? MatchSegments(string[] template, string[] segments)
    {
        if (template.Length != segments.Length)
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < template.Length; i++)
        {
            string part = template[i];
            if (part.StartsWith('{'))
            {
                // ASP.NET Core has already decoded the path; decoding again would turn %25 into something else.
                parameters[part[1..^1]] = segments[i];
            }
            else if (!string.Equals(part, segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return parameters;
    }
}
