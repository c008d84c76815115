using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>
/// Watches core/v1 Events over the client's own HttpClient, one JSON event per line (KubernetesClient.Aot has no
/// typed watch helpers).
/// </summary>
public static class EventWatch
{
    public static async IAsyncEnumerable<(string Type, Corev1Event Event)> WatchEventsAsync(
        this Kubernetes client, string @namespace, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var uri = new Uri(client.BaseUri, $"api/v1/namespaces/{@namespace}/events?watch=true&timeoutSeconds=60&resourceVersion={resourceVersion}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (client.Credentials is not null)
        {
            await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken);
        }

        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 || JsonNode.Parse(line) is not JsonObject change || change["object"] is not JsonObject item)
            {
                continue;
            }

            var type = change["type"]?.GetValue<string>() ?? "";
            if (type is "ADDED" or "MODIFIED" or "DELETED")
            {
                yield return (type, KubernetesJson.Deserialize<Corev1Event>(item.ToJsonString()));
            }
        }
    }
}
