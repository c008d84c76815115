using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// Reads and writes one custom resource kind over the Kubernetes client's HttpClient and credentials, (de)serializing the
/// payloads with the resource's source-generated <see cref="ResourceType{T}.JsonTypeInfo"/>. Also lists and watches for
/// the <see cref="Informer{T}"/>.
/// </summary>
public sealed class KubernetesResourceClient<T> : IResourceClient<T>, IResourceListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IKubernetes _kubernetes;
    private readonly ResourceType<T> _type;

    public KubernetesResourceClient(IKubernetes kubernetes, ResourceType<T> resourceType)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(resourceType);
        _kubernetes = kubernetes;
        _type = resourceType;
    }

    public ResourceType<T> ResourceType => _type;

    public async Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, ObjectPath(key), null, null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound)
        {
            return null;
        }

        return DeserializeOrThrow("get", key, status, body);
    }

    public async Task<T> ReplaceStatusAsync(T resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var key = KeyOf(resource);
        RequireResourceVersion(resource, key);
        var json = JsonSerializer.Serialize(resource, _type.JsonTypeInfo);
        var (status, body) = await SendAsync(HttpMethod.Put, ObjectPath(key) + "/status", json, "application/json", cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.Conflict)
        {
            throw Conflict("status replace", key);
        }

        return DeserializeOrThrow("status replace", key, status, body);
    }

    public async Task<T> PatchFinalizersAsync(T resource, IReadOnlyList<string> finalizers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(finalizers);
        var key = KeyOf(resource);
        RequireResourceVersion(resource, key);

        // A resourceVersion inside a merge patch is a precondition: the server answers 409 if the object moved on.
        var finalizerArray = new JsonArray();
        foreach (var finalizer in finalizers)
        {
            finalizerArray.Add((JsonNode?)JsonValue.Create(finalizer));
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = resource.Metadata.ResourceVersion,
                ["finalizers"] = finalizerArray,
            },
        };
        var (status, body) = await SendAsync(HttpMethod.Patch, ObjectPath(key), patch.ToJsonString(), "application/merge-patch+json", cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.Conflict)
        {
            throw Conflict("finalizer patch", key);
        }

        return DeserializeOrThrow("finalizer patch", key, status, body);
    }

    /// <summary>Lists the objects in <paramref name="namespace"/> (all namespaces when null) with the list's resourceVersion.</summary>
    public async Task<ResourceList<T>> ListAsync(string? @namespace, CancellationToken cancellationToken)
    {
        var (status, text) = await SendAsync(HttpMethod.Get, CollectionPath(@namespace), null, null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.Gone)
        {
            throw new ResourceExpiredException($"The list of {_type.Plural}.{_type.Group} expired (410).");
        }

        if (status != HttpStatusCode.OK)
        {
            throw Failed("list", status);
        }

        using var document = JsonDocument.Parse(text);
        var body = document.RootElement;
        var items = new List<T>();
        if (body.TryGetProperty("items", out var itemsElement) && itemsElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in itemsElement.EnumerateArray())
            {
                items.Add(Deserialize(item));
            }
        }

        var resourceVersion = body.TryGetProperty("metadata", out var metadata)
            && metadata.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String
            ? rv.GetString()!
            : throw new InvalidOperationException($"The list of {_type.Plural}.{_type.Group} has no metadata.resourceVersion.");
        return new ResourceList<T>(items, resourceVersion);
    }

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> until the server closes the stream (after
    /// <paramref name="timeoutSeconds"/>). Reads the newline-delimited stream itself so every payload goes through the
    /// source-generated type info; this needs the concrete <see cref="Kubernetes"/> client for its HttpClient and credentials.
    /// </summary>
    public async IAsyncEnumerable<ResourceWatchEvent<T>> WatchAsync(
        string? @namespace,
        string resourceVersion,
        bool allowBookmarks,
        int timeoutSeconds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = HttpClientOf(_kubernetes);
        var path = CollectionPath(@namespace);
        var query = string.Create(CultureInfo.InvariantCulture,
            $"?watch=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&allowWatchBookmarks={(allowBookmarks ? "true" : "false")}&timeoutSeconds={timeoutSeconds}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, path + query));
        request.Headers.Accept.ParseAdd("application/json");
        if (client.Credentials is not null)
        {
            await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            throw new ResourceExpiredException($"The watch of {_type.Plural}.{_type.Group} from resourceVersion {resourceVersion} expired (410).");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The watch of {_type.Plural}.{_type.Group} failed with HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            yield return ParseWatchLine(line);
        }
    }

    internal ResourceWatchEvent<T> ParseWatchLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var typeName = root.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
        if (!root.TryGetProperty("object", out var objectElement) || objectElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A watch event of type '{typeName}' has no object.");
        }

        switch (typeName)
        {
            case "ADDED":
            case "MODIFIED":
            case "DELETED":
                var item = Deserialize(objectElement);
                var kind = typeName switch
                {
                    "ADDED" => WatchEventKind.Added,
                    "MODIFIED" => WatchEventKind.Modified,
                    _ => WatchEventKind.Deleted,
                };
                return new ResourceWatchEvent<T>(kind, item, item.Metadata?.ResourceVersion, null);
            case "BOOKMARK":
                var bookmarkVersion = objectElement.TryGetProperty("metadata", out var metadata)
                    && metadata.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;
                return new ResourceWatchEvent<T>(WatchEventKind.Bookmark, null, bookmarkVersion, null);
            case "ERROR":
                var code = objectElement.TryGetProperty("code", out var codeElement) && codeElement.TryGetInt32(out var c) ? c : 0;
                var reason = objectElement.TryGetProperty("reason", out var reasonElement) ? reasonElement.GetString() : null;
                var message = objectElement.TryGetProperty("message", out var messageElement) ? messageElement.GetString() : null;
                return new ResourceWatchEvent<T>(WatchEventKind.Error, null, null, new WatchErrorStatus(code, reason, message));
            default:
                throw new JsonException($"Unknown watch event type '{typeName}'.");
        }
    }

    private T Deserialize(JsonElement element) =>
        element.Deserialize(_type.JsonTypeInfo)
        ?? throw new JsonException($"The API server returned an empty {_type.Kind}.");

    private static ObjectKey KeyOf(T resource) =>
        new(resource.Metadata?.NamespaceProperty ?? throw new ArgumentException("metadata.namespace is required.", nameof(resource)),
            resource.Metadata.Name ?? throw new ArgumentException("metadata.name is required.", nameof(resource)));

    private static void RequireResourceVersion(T resource, ObjectKey key)
    {
        if (string.IsNullOrEmpty(resource.Metadata.ResourceVersion))
        {
            throw new ArgumentException($"metadata.resourceVersion of {key} is required: writes are conditional on it.", nameof(resource));
        }
    }

    private ResourceConflictException Conflict(string operation, ObjectKey key) =>
        new($"The {operation} of {_type.Kind} {key} conflicted (409): the object changed since it was read.");

    private HttpRequestException Failed(string operation, HttpStatusCode status) =>
        new($"The {operation} of {_type.Plural}.{_type.Group} failed with HTTP {(int)status}.", null, status);

    private T DeserializeOrThrow(string operation, ObjectKey key, HttpStatusCode status, string body)
    {
        if ((int)status is < 200 or > 299)
        {
            throw new HttpRequestException($"The {operation} of {_type.Kind} {key} failed with HTTP {(int)status}.", null, status);
        }

        return JsonSerializer.Deserialize(body, _type.JsonTypeInfo) ?? throw new JsonException($"The API server returned an empty {_type.Kind}.");
    }

    private string CollectionPath(string? @namespace) => @namespace is null
        ? $"apis/{_type.Group}/{_type.Version}/{_type.Plural}"
        : $"apis/{_type.Group}/{_type.Version}/namespaces/{Uri.EscapeDataString(@namespace)}/{_type.Plural}";

    private string ObjectPath(ObjectKey key) => CollectionPath(key.Namespace) + "/" + Uri.EscapeDataString(key.Name);

    // Custom objects go over the client's own HttpClient and credentials: KubernetesClient.Aot's CustomObjects
    // operations serialize through its source-generated context, which knows no custom types (nor JsonElement).
    private static Kubernetes HttpClientOf(IKubernetes kubernetes) => kubernetes as Kubernetes
        ?? throw new NotSupportedException("Custom objects need the k8s.Kubernetes client (its HttpClient and credentials).");

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpMethod method, string path, string? json, string? contentType, CancellationToken cancellationToken)
    {
        var client = HttpClientOf(_kubernetes);
        using var request = new HttpRequestMessage(method, new Uri(client.BaseUri, path));
        request.Headers.Accept.ParseAdd("application/json");
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType!);
        }

        if (client.Credentials is not null)
        {
            await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await client.HttpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, body);
    }
}
