using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox;

/// <summary>
/// The few writes the sandbox makes to the Kubernetes API as a user would (install the CRD, create the Secret, apply
/// the samples), over plain HTTP with the kubeconfig's token.
/// </summary>
public sealed class SandboxKubeClient(Uri baseUrl, string bearerToken) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Creates the object at the collection path its apiVersion, kind and namespace name; an existing one is left as it is.</summary>
    public async Task CreateAsync(string collectionPath, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, collectionPath.TrimStart('/'))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict || response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var message = JsonNode.Parse(text)?["message"]?.GetValue<string>() ?? text;
        throw new InvalidOperationException($"creating {body["kind"]} \"{body["metadata"]?["name"]}\" failed: {message}");
    }

    public void Dispose() => http.Dispose();
}
