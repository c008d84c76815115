namespace AtlasRestoreOperator.Config.Tests.Support;

/// <summary>How a finished child process ended and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);
