namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>Reads a Secret's data. Values are returned as bytes and must never be logged.</summary>
public interface ISecretReader
{
    /// <summary>The Secret's <c>data</c>, decoded, or null when the Secret does not exist.</summary>
    Task<IReadOnlyDictionary<string, byte[]>?> GetSecretDataAsync(string @namespace, string name, CancellationToken cancellationToken);
}
