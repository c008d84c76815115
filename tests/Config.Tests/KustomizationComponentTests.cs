using AtlasRestoreOperator.Config.Tests.Support;

namespace AtlasRestoreOperator.Config.Tests;

/// <summary>Each config/ folder is usable on its own, e.g. `kubectl apply -k config/crds` first during an upgrade.</summary>
public sealed class KustomizationComponentTests
{
    [Theory]
    [InlineData("config/crds", "CustomResourceDefinition/atlassharedrestores.atlasrestore.io")]
    [InlineData("config/rbac",
        "ServiceAccount/atlas-restore-operator",
        "ClusterRole/atlas-restore-operator",
        "ClusterRoleBinding/atlas-restore-operator",
        "Role/atlas-restore-operator-leader-election",
        "RoleBinding/atlas-restore-operator-leader-election")]
    [InlineData("config/manager", "Deployment/atlas-restore-operator")]
    [InlineData("config/samples", "AtlasSharedRestore/refresh-staging-flex", "AtlasSharedRestore/refresh-staging-m2")]
    public async Task Folder_renders_its_resources(string folder, params string[] expected)
    {
        var resources = await KustomizeRenderer.RenderAsync(folder);

        resources.Select(r => $"{RenderedDefaultConfig.KindOf(r)}/{RenderedDefaultConfig.NameOf(r)}")
            .Should().BeEquivalentTo(expected);
    }
}
