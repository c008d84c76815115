namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>
/// A request to a resource URL as RBAC authorizes it: the verb, the API group ("" for core), the resource
/// ("plural" or "plural/subresource") and the namespace (null for a cluster-wide list or watch).
/// </summary>
public sealed record KubeApiCall(string Verb, string Group, string Resource, string? Namespace)
{
    /// <summary>The RBAC view of a recorded request; null for a non-resource URL (/version, discovery, ...).</summary>
    public static KubeApiCall? From(RecordedKubeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, rest) = ("", 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, rest) = (segments[1], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        var watch = request.IsWatch;
        if (tail.Length > 0 && tail[0] == "watch")
        {
            watch = true;
            tail = tail[1..];
        }

        string? ns = null;
        if (tail.Length >= 3 && tail[0] == "namespaces")
        {
            ns = tail[1];
            tail = tail[2..];
        }

        var resource = tail.Length == 3 ? $"{tail[0]}/{tail[2]}" : tail[0];
        var named = tail.Length >= 2;
        // The mapping the API server's request-info resolver applies before RBAC sees a request.
        var verb = request.Method switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => throw new InvalidOperationException($"unexpected HTTP method {request.Method} for {request.Path}"),
        };
        return new KubeApiCall(verb, group, resource, ns);
    }

    public override string ToString() => $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource} in {Namespace ?? "all namespaces"}";
}
