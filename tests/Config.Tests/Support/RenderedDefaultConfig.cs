using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Config.Tests.Support;

/// <summary>`kubectl kustomize config/default`, rendered once for a test class.</summary>
public sealed class RenderedDefaultConfig : IAsyncLifetime
{
    private IReadOnlyList<JsonObject>? _resources;

    public IReadOnlyList<JsonObject> Resources =>
        _resources ?? throw new InvalidOperationException("config/default has not been rendered yet");

    public JsonObject Single(string kind, string name)
    {
        var matches = Resources.Where(r => KindOf(r) == kind && NameOf(r) == name).ToList();
        matches.Should().ContainSingle($"config/default renders exactly one {kind} named {name}");
        return matches[0];
    }

    public static string KindOf(JsonObject resource) => resource["kind"]!.GetValue<string>();

    public static string NameOf(JsonObject resource) => resource["metadata"]!["name"]!.GetValue<string>();

    public static string? NamespaceOf(JsonObject resource) => resource["metadata"]!["namespace"]?.GetValue<string>();

    public async Task InitializeAsync() => _resources = await KustomizeRenderer.RenderAsync("config/default");

    public Task DisposeAsync() => Task.CompletedTask;
}
