using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>Widget helpers over KubernetesClient's CustomObjects operations.</summary>
public static class WidgetObjects
{
    public const string Group = "example.com";
    public const string Version = "v1";
    public const string Plural = "widgets";

    public static Task InstallCrdAsync(Kubernetes client) =>
        client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(Manifests.WidgetCrd));

    public static JsonObject New(string name, int size, string color = "red", params string[] finalizers)
    {
        var metadata = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "widgets", ["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        if (finalizers.Length > 0)
        {
            metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]);
        }

        return new JsonObject
        {
            ["apiVersion"] = "example.com/v1",
            ["kind"] = "Widget",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["size"] = size, ["color"] = color },
        };
    }

    public static async Task<JsonObject> CreateAsync(Kubernetes client, JsonObject widget) =>
        ToNode(await client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, Group, Version, "default", Plural));

    public static async Task<JsonObject> GetAsync(Kubernetes client, string name) =>
        ToNode(await client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "default", Plural, name));

    public static async Task<JsonObject> ReplaceAsync(Kubernetes client, JsonObject widget) =>
        ToNode(await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(widget, Group, Version, "default", Plural, KubeObject.Name(widget)));

    public static async Task<JsonObject> PatchAsync(Kubernetes client, string name, string patch, V1Patch.PatchType type = V1Patch.PatchType.MergePatch) =>
        ToNode(await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch, type), Group, Version, "default", Plural, name));

    public static async Task<JsonObject> PatchStatusAsync(Kubernetes client, string name, string patch) =>
        ToNode(await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), Group, Version, "default", Plural, name));

    public static async Task<JsonObject> ListAsync(Kubernetes client, string? labelSelector = null) =>
        ToNode(await client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, "default", Plural, labelSelector: labelSelector));

    public static JsonObject ToNode(object response) => response switch
    {
        JsonElement element => JsonNode.Parse(element.GetRawText())!.AsObject(),
        _ => JsonNode.Parse(JsonSerializer.Serialize(response))!.AsObject(),
    };
}
