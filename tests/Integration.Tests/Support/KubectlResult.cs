namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>What one kubectl run printed and how it exited.</summary>
public sealed record KubectlResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
