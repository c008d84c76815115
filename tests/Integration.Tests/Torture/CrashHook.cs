using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>
/// One armed crash point: emulator hooks (a held Atlas request, a delayed Kubernetes status write, a journal wait) that
/// complete <see cref="Reached"/> when the operator stands exactly at the point, so the test kills it there, not after a sleep.
/// </summary>
public sealed class CrashHook
{
    private readonly RestoreEnvironment environment;
    private readonly HeldRequest held;
    private readonly long armedAfterSequence;
    private volatile bool armed = true;

    private CrashHook(CrashPoint point, RestoreEnvironment environment, string? target)
    {
        Point = point;
        this.environment = environment;
        armedAfterSequence = environment.Atlas.Journal.Entries.LastOrDefault()?.Sequence ?? 0;
        var operation = point switch
        {
            CrashPoint.AfterFinalizer => AtlasOperations.GetFlexCluster,
            CrashPoint.WhilePolling => AtlasOperations.GetFlexRestoreJob,
            CrashPoint.ListingInFlight => AtlasOperations.ListFlexRestoreJobs,
            _ => AtlasOperations.CreateFlexRestoreJob,
        };

        // The target check of the preflight names the target in its path; the other operations are matched for any object.
        held = environment.Atlas.Faults.Hold(request => armed && request.Operation == operation
            && (point != CrashPoint.AfterFinalizer || target is null || request.Path.EndsWith("/flexClusters/" + target, StringComparison.Ordinal)));
        Reached = point == CrashPoint.AfterPostBeforeStatus ? AnsweredWithStatusWriteHeldAsync() : held.Arrived;
    }

    public CrashPoint Point { get; }

    /// <summary>Completes when the operator stands at the point.</summary>
    public Task Reached { get; }

    public static CrashHook Arm(CrashPoint point, RestoreEnvironment environment, string? target = null) => new(point, environment, target);

    /// <summary>Stops the hook from catching anything more (when the point was not reached).</summary>
    public void Disarm() => armed = false;

    /// <summary>After the kill: lets what was in flight go on (or, for <see cref="CrashPoint.AfterIntent"/>, never).</summary>
    public async Task AfterKillAsync()
    {
        environment.Kube.Faults.Clear();
        if (Point == CrashPoint.AfterIntent)
        {
            // The held POST stays held until the emulator stops: Atlas never sees it.
            return;
        }

        held.Release();
        if (Point == CrashPoint.PostInFlight)
        {
            // The dead process's POST lands now: Atlas creates the job and answers nobody.
            await environment.Atlas.Journal.WaitForAsync(IsHeldPost).WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private async Task AnsweredWithStatusWriteHeldAsync()
    {
        await held.Arrived;

        // Every status write now waits (until the kill aborts it), so the job id Atlas returns is never recorded.
        environment.Kube.Faults.InjectLatency(10_000, TimeSpan.FromMinutes(10),
            request => request.Resource == "atlassharedrestores" && request.Subresource == "status" && request.Method is "PUT" or "PATCH");
        held.Release();
        await environment.Atlas.Journal.WaitForAsync(IsHeldPost);
    }

    private bool IsHeldPost(JournalEntry entry) =>
        entry.Sequence > armedAfterSequence && entry.Operation == AtlasOperations.CreateFlexRestoreJob && entry.Fault == FaultKind.Hold;
}
