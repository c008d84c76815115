using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>Awaiting and reading what the Atlas emulator saw, for the exactly-once tests.</summary>
public static class AtlasJournalWaits
{
    /// <summary>Only a safety net: every wait completes on an event long before this.</summary>
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    /// <summary>Awaits the first authenticated Flex restore POST (past or future) that also satisfies <paramref name="where"/>.</summary>
    public static Task<JournalEntry> WaitForFlexPostAsync(this RequestJournal journal, Func<JournalEntry, bool>? where = null) =>
        journal.WaitForAsync(e => e.Operation == AtlasOperations.CreateFlexRestoreJob && e.Identity is not null && (where?.Invoke(e) ?? true))
            .WaitAsync(SafetyNet);

    /// <summary>Authenticated Flex restore-job listings, oldest first.</summary>
    public static IReadOnlyList<JournalEntry> FlexListings(this RequestJournal journal) =>
        journal.Entries.Where(e => e.Operation == AtlasOperations.ListFlexRestoreJobs && e.Identity is not null).ToList();

    /// <summary>Restore jobs in Atlas of this spec's snapshot onto this spec's target.</summary>
    public static IReadOnlyList<EmulatedRestoreJob> JobsOf(this AtlasEmulatorState state, AtlasSharedRestoreSpec spec) =>
        state.RestoreJobs
            .Where(j => j.DeliveryType == "RESTORE" && j.SnapshotId == spec.SnapshotId && j.TargetDeploymentItemName == spec.TargetDeploymentItemName)
            .ToList();

    /// <summary>True once the restore reached Completed or Failed.</summary>
    public static bool IsTerminal(AtlasSharedRestore restore) => restore.Status?.Phase is RestorePhase.Completed or RestorePhase.Failed;
}
