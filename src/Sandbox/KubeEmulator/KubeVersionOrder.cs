using System.Globalization;
using System.Text.RegularExpressions;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// Kubernetes version priority, as discovery lists CRD versions: GA before beta before alpha, higher numbers first,
/// then anything else alphabetically (v1 &gt; v1beta2 &gt; v1beta1 &gt; v1alpha1 &gt; foo).
/// </summary>
internal static partial class KubeVersionOrder
{
    public static int Compare(string? left, string? right)
    {
        var (leftRank, leftMajor, leftMinor) = Rank(left ?? "");
        var (rightRank, rightMajor, rightMinor) = Rank(right ?? "");
        if (leftRank != rightRank)
        {
            return leftRank.CompareTo(rightRank);
        }

        if (leftRank == 3)
        {
            return string.CompareOrdinal(left, right);
        }

        return leftMajor != rightMajor ? rightMajor.CompareTo(leftMajor) : rightMinor.CompareTo(leftMinor);
    }

    private static (int Rank, int Major, int Minor) Rank(string version)
    {
        var match = KubeVersion().Match(version);
        if (!match.Success)
        {
            return (3, 0, 0);
        }

        var major = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var minor = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return match.Groups[2].Value switch
        {
            "" => (0, major, 0),
            "beta" => (1, major, minor),
            _ => (2, major, minor),
        };
    }

    [GeneratedRegex("^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$")]
    private static partial Regex KubeVersion();
}
