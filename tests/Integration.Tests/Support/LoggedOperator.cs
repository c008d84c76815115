namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>An operator instance with the log lines it alone wrote, so tests can tell what each instance did.</summary>
public sealed record LoggedOperator(OperatorInstance Instance, CapturedLogs Logs);
