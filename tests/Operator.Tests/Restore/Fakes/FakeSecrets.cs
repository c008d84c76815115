using System.Text;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

/// <summary>Secrets held in memory.</summary>
internal sealed class FakeSecrets : ISecretReader
{
    private readonly Dictionary<(string Namespace, string Name), Dictionary<string, byte[]>> secrets = [];

    public void Put(string @namespace, string name, params (string Key, string Value)[] data) =>
        secrets[(@namespace, name)] = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value));

    public void Remove(string @namespace, string name) => secrets.Remove((@namespace, name));

    public Task<IReadOnlyDictionary<string, byte[]>?> GetSecretDataAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, byte[]>?>(secrets.TryGetValue((@namespace, name), out var data) ? data : null);
}
