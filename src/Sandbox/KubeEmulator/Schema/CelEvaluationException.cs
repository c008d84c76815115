namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// A runtime CEL error, such as <c>no such key: x</c>; <see cref="NoSuchOverload"/> marks operator type mismatches,
/// which the API server words differently.
/// </summary>
internal sealed class CelEvaluationException(string message, bool noSuchOverload = false) : Exception(message)
{
    public bool NoSuchOverload { get; } = noSuchOverload;
}
