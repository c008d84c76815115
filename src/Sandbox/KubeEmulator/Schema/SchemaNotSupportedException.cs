namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// The schema uses something this emulator cannot evaluate faithfully (a CEL rule outside the supported subset,
/// a non-structural node, a regular expression .NET cannot compile). Refusing beats silently accepting bad objects.
/// </summary>
public sealed class SchemaNotSupportedException : Exception
{
    public SchemaNotSupportedException(string message) : base(message)
    {
    }

    public SchemaNotSupportedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
