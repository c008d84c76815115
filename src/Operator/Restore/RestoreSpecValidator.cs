using System.Text.RegularExpressions;
using AtlasRestoreOperator.Entities;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Checks the spec again in the operator (the CRD schema normally rejects these first), so an object written
/// around the schema still gets a clear message naming the field and what is allowed.
/// </summary>
public static class RestoreSpecValidator
{
    public static RestoreFailure? Validate(AtlasSharedRestoreSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Check("spec.projectId", spec.ProjectId, AtlasSharedRestoreSpec.ObjectIdPattern, "24 lowercase hexadecimal characters")
            ?? Check("spec.clusterName", spec.ClusterName, AtlasSharedRestoreSpec.ClusterNamePattern, "letters, digits and hyphens, starting with a letter or digit")
            ?? Check("spec.snapshotId", spec.SnapshotId, AtlasSharedRestoreSpec.ObjectIdPattern, "24 lowercase hexadecimal characters")
            ?? Check("spec.targetDeploymentItemName", spec.TargetDeploymentItemName, AtlasSharedRestoreSpec.DeploymentItemNamePattern, "1 to 64 letters, digits or -_.(),:&@+'")
            ?? (string.IsNullOrEmpty(spec.TargetProjectId)
                ? null
                : Check("spec.targetProjectId", spec.TargetProjectId, AtlasSharedRestoreSpec.ObjectIdPattern, "24 lowercase hexadecimal characters"));
    }

    private static RestoreFailure? Check(string field, string? value, string pattern, string allowed)
    {
        if (string.IsNullOrEmpty(value))
        {
            return RestoreFailure.Terminal(RestoreReasons.InvalidSpec, $"{field} is required: {allowed}.");
        }

        return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            ? null
            : RestoreFailure.Terminal(RestoreReasons.InvalidSpec, $"{field} '{value}' is invalid: it must be {allowed}.");
    }
}
