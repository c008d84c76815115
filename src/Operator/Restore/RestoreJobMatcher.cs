using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Finds, among a source cluster's restore jobs, the one that is this object's restore.</summary>
public static class RestoreJobMatcher
{
    /// <summary>
    /// A RESTORE job of the same snapshot onto the same target cluster in the same target project. An empty
    /// target project on either side means the source project, which is what Atlas does with it.
    /// </summary>
    public static bool IsSameRestore(AtlasRestoreJob job, AtlasSharedRestoreSpec spec)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(spec);
        if (job.DeliveryType is not null && !string.Equals(job.DeliveryType, "RESTORE", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var jobSourceProject = string.IsNullOrEmpty(job.ProjectId) ? spec.ProjectId : job.ProjectId;
        var jobTargetProject = string.IsNullOrEmpty(job.TargetProjectId) ? jobSourceProject : job.TargetProjectId;
        return string.Equals(job.SnapshotId, spec.SnapshotId, StringComparison.Ordinal)
            && string.Equals(job.TargetDeploymentItemName, spec.TargetDeploymentItemName, StringComparison.Ordinal)
            && string.Equals(jobTargetProject, spec.EffectiveTargetProjectId, StringComparison.Ordinal);
    }

    /// <summary>The most recent matching job (by scheduled date, then id, which Atlas assigns in time order).</summary>
    public static AtlasRestoreJob? FindLatest(IEnumerable<AtlasRestoreJob> jobs, AtlasSharedRestoreSpec spec, DateTimeOffset? notScheduledBefore = null) =>
        jobs.Where(j => IsSameRestore(j, spec))
            .Where(j => notScheduledBefore is null || j.RestoreScheduledDate is null || j.RestoreScheduledDate >= notScheduledBefore)
            .OrderByDescending(j => j.RestoreScheduledDate ?? DateTimeOffset.MinValue)
            .ThenByDescending(j => j.Id, StringComparer.Ordinal)
            .FirstOrDefault();
}
