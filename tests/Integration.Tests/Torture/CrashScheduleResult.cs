namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>What one random crash schedule did and how it ended.</summary>
public sealed record CrashScheduleResult(
    int Seed,
    int Objects,
    int Deleted,
    IReadOnlyList<CrashPoint> Kills,
    IReadOnlyList<CrashPoint> NotReached,
    int ProcessesStarted,
    IReadOnlyDictionary<int, int> JobsPerObject,
    TimeSpan ConvergenceAfterLastStart,
    TimeSpan Duration,
    SecretScan Secrets);
