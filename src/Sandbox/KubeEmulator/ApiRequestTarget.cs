namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>A resource URL taken apart: /api/v1/... or /apis/{group}/{version}/..., optional /watch/, namespace, name, subresource.</summary>
internal sealed record ApiRequestTarget(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource, bool WatchPath)
{
    public static ApiRequestTarget? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int rest;
        string group, version;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        var watch = false;
        if (tail.Length > 0 && tail[0] == "watch")
        {
            watch = true;
            tail = tail[1..];
        }

        string? ns = null;
        // "namespaces/{ns}/{plural}..." addresses namespaced objects; "namespaces/{name}[/status]" is a Namespace itself.
        if (tail.Length >= 3 && tail[0] == "namespaces" && tail[2] is not ("status" or "finalize"))
        {
            ns = tail[1];
            tail = tail[2..];
        }

        return tail.Length switch
        {
            1 => new ApiRequestTarget(group, version, ns, tail[0], null, null, watch),
            2 => new ApiRequestTarget(group, version, ns, tail[0], tail[1], null, watch),
            3 => new ApiRequestTarget(group, version, ns, tail[0], tail[1], tail[2], watch),
            _ => null,
        };
    }
}
