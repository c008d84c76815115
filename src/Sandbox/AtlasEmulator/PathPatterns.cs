using System.Text.RegularExpressions;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>The Atlas path and body patterns.</summary>
internal static partial class PathPatterns
{
    public const string HexIdPattern = "^([a-f0-9]{24})$";
    public const string ClusterNamePattern = "^[a-zA-Z0-9][a-zA-Z0-9-]*$";
    public const string DeploymentItemNamePattern = @"^[\p{L}\p{N}\-_.(),:&@+']{1,64}$";

    public static bool IsHexId(string? value) => value is not null && !value.Contains('\n') && HexId().IsMatch(value);

    public static bool IsClusterName(string? value) => value is not null && !value.Contains('\n') && ClusterName().IsMatch(value);

    public static bool IsDeploymentItemName(string? value) => value is not null && !value.Contains('\n') && DeploymentItemName().IsMatch(value);

    [GeneratedRegex(HexIdPattern)]
    private static partial Regex HexId();

    [GeneratedRegex(ClusterNamePattern)]
    private static partial Regex ClusterName();

    [GeneratedRegex(DeploymentItemNamePattern)]
    private static partial Regex DeploymentItemName();
}
