namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>What one kubectl run printed, how it exited and how long it took.</summary>
public sealed record KubectlResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.00}s\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
