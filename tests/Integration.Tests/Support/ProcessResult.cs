namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>How a process that ran to its end exited, and every line it printed.</summary>
public sealed record ProcessResult(int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> StandardError)
{
    public IEnumerable<string> All => StandardOutput.Concat(StandardError);

    /// <summary>The exit code and output, for assertion messages.</summary>
    public string Describe() =>
        $"exit code {ExitCode}; stdout:\n{string.Join('\n', StandardOutput)}\nstderr:\n{string.Join('\n', StandardError)}";
}
