namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// The operator's configuration is invalid. The message is one line that names the flag or environment variable,
/// the value given and what is allowed; the process prints it to stderr and exits with code 2.
/// </summary>
public sealed class OperatorConfigurationException(string message) : Exception(message);
