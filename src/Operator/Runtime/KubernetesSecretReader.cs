using System.Net;
using k8s;
using k8s.Autorest;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>Reads Secrets through the core/v1 API. Values are returned to the caller only, never logged.</summary>
public sealed class KubernetesSecretReader : ISecretReader
{
    private readonly IKubernetes _kubernetes;

    public KubernetesSecretReader(IKubernetes kubernetes)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        _kubernetes = kubernetes;
    }

    public async Task<IReadOnlyDictionary<string, byte[]>?> GetSecretDataAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            using var response = await _kubernetes.CoreV1.ReadNamespacedSecretWithHttpMessagesAsync(
                name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            var data = response.Body.Data;
            return data is null
                ? new Dictionary<string, byte[]>(StringComparer.Ordinal)
                : new Dictionary<string, byte[]>(data, StringComparer.Ordinal);
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
