using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// The OpenAPI v3 that kubectl needs: a root listing every served group-version, and per group-version a PATCH operation
/// per kind with its group-version-kind and the fieldValidation parameter, so kubectl sends fieldValidation=Strict.
/// Strategic merge is advertised only for built-in kinds, never for custom resources (the real server refuses it for them).
/// </summary>
internal static class OpenApiDocuments
{
    public static JsonObject Root(IReadOnlyList<ResourceDefinition> resources)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in GroupVersions(resources))
        {
            var key = GroupVersionPath(group, version);
            var hash = Hash(GroupVersion(resources, group, version)!);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(IReadOnlyList<ResourceDefinition> resources, string group, string version)
    {
        var matching = resources.Where(r => r.Group == group && r.FindVersion(version) is not null).OrderBy(r => r.Plural, StringComparer.Ordinal).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var resource in matching)
        {
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var path = resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}/{{name}}" : $"{prefix}/{resource.Plural}/{{name}}";
            var content = new JsonObject
            {
                ["application/json-patch+json"] = new JsonObject(),
                ["application/merge-patch+json"] = new JsonObject(),
            };
            if (!resource.IsCustom && resource.Key != BuiltInResources.CrdKey)
            {
                content["application/strategic-merge-patch+json"] = new JsonObject();
            }

            content["application/apply-patch+yaml"] = new JsonObject();
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{resource.Kind}",
                    ["x-kubernetes-action"] = "patch",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = resource.Kind },
                    ["parameters"] = new JsonArray(
                        Parameter("dryRun"),
                        Parameter("fieldManager"),
                        Parameter("fieldValidation"),
                        new JsonObject { ["name"] = "force", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "boolean" } }),
                    ["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true },
                    ["responses"] = new JsonObject(),
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    public static string GroupVersionPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static IEnumerable<(string Group, string Version)> GroupVersions(IReadOnlyList<ResourceDefinition> resources) =>
        resources.SelectMany(r => r.Versions.Select(v => (r.Group, v.Name))).Distinct().OrderBy(gv => gv.Group, StringComparer.Ordinal).ThenBy(gv => gv.Name, StringComparer.Ordinal);

    private static JsonObject Parameter(string name) =>
        new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" }, ["uniqueItems"] = true };

    // The hash in the URL lets clients cache a document forever, so it must change whenever the document does.
    private static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())))[..16];
}
