using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>Discovery bodies, aggregated (apidiscovery.k8s.io v2/v2beta1) and legacy, built from the served resources.</summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] StatusVerbs = ["get", "patch", "update"];

    public static JsonObject Aggregated(IReadOnlyList<ResourceDefinition> resources, bool legacyCore, string apiVersion)
    {
        var items = new JsonArray();
        foreach (var group in Groups(resources, legacyCore))
        {
            var versions = new JsonArray();
            foreach (var version in group.Versions)
            {
                var entries = new JsonArray();
                foreach (var resource in group.Resources.Where(r => r.FindVersion(version) is not null).OrderBy(r => r.Plural, StringComparer.Ordinal))
                {
                    var responseKind = new JsonObject { ["group"] = resource.Group, ["version"] = version, ["kind"] = resource.Kind };
                    var entry = new JsonObject
                    {
                        ["resource"] = resource.Plural,
                        ["responseKind"] = responseKind,
                        ["scope"] = resource.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = resource.Singular,
                        ["verbs"] = Strings(AllVerbs),
                    };
                    if (resource.ShortNames.Count > 0)
                    {
                        entry["shortNames"] = Strings(resource.ShortNames);
                    }

                    if (resource.Categories.Count > 0)
                    {
                        entry["categories"] = Strings(resource.Categories);
                    }

                    if (resource.FindVersion(version)!.HasStatusSubresource)
                    {
                        entry["subresources"] = new JsonArray(new JsonObject
                        {
                            ["subresource"] = "status",
                            ["responseKind"] = responseKind.DeepClone(),
                            ["verbs"] = Strings(StatusVerbs),
                        });
                    }

                    entries.Add((JsonNode)entry);
                }

                versions.Add((JsonNode)new JsonObject { ["version"] = version, ["resources"] = entries, ["freshness"] = "Current" });
            }

            items.Add((JsonNode)new JsonObject { ["metadata"] = new JsonObject { ["name"] = group.Name }, ["versions"] = versions });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = apiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    public static JsonObject LegacyApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject LegacyGroupList(IReadOnlyList<ResourceDefinition> resources) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups(resources, legacyCore: false).Select(g => (JsonNode?)LegacyGroup(g))]),
    };

    public static JsonObject? LegacyGroup(IReadOnlyList<ResourceDefinition> resources, string groupName) =>
        Groups(resources, legacyCore: false).Where(g => g.Name == groupName).Select(LegacyGroup).FirstOrDefault();

    public static JsonObject? ResourceList(IReadOnlyList<ResourceDefinition> resources, string group, string version)
    {
        var matching = resources.Where(r => r.Group == group && r.FindVersion(version) is not null).OrderBy(r => r.Plural, StringComparer.Ordinal).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var resource in matching)
        {
            var entry = new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = Strings(AllVerbs),
            };
            if (resource.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(resource.ShortNames);
            }

            if (resource.Categories.Count > 0)
            {
                entry["categories"] = Strings(resource.Categories);
            }

            list.Add((JsonNode)entry);
            if (resource.FindVersion(version)!.HasStatusSubresource)
            {
                list.Add((JsonNode)new JsonObject
                {
                    ["name"] = resource.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = resource.Namespaced,
                    ["kind"] = resource.Kind,
                    ["verbs"] = Strings(StatusVerbs),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    /// <summary>Groups in a stable order (built-ins first, as registered, then CRD groups by name); versions in preference order.</summary>
    public static IReadOnlyList<DiscoveryGroup> Groups(IReadOnlyList<ResourceDefinition> resources, bool legacyCore)
    {
        var groups = resources
            .Where(r => (r.Group.Length == 0) == legacyCore)
            .GroupBy(r => r.Group)
            .OrderBy(g => g.Any(r => r.IsCustom) ? 1 : 0)
            .ThenBy(g => g.Key, StringComparer.Ordinal);
        return groups.Select(g => new DiscoveryGroup(
            g.Key,
            g.SelectMany(r => r.Versions.Select(v => v.Name)).Distinct().ToList(),
            g.ToList())).ToList();
    }

    private static JsonObject LegacyGroup(DiscoveryGroup group)
    {
        var versions = group.Versions.Select(v => new JsonObject { ["groupVersion"] = $"{group.Name}/{v}", ["version"] = v }).ToList();
        return new JsonObject
        {
            ["name"] = group.Name,
            ["versions"] = new JsonArray([.. versions]),
            ["preferredVersion"] = versions[0].DeepClone(),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
