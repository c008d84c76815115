using System.Text.Json.Nodes;
using AtlasRestoreOperator.Sandbox.KubeEmulator;

namespace AtlasRestoreOperator.Config.Tests.Support;

/// <summary>Renders a kustomization with the real kubectl, as a user's `kubectl apply -k` would, isolated from ~/.kube.</summary>
internal static class KustomizeRenderer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static async Task<IReadOnlyList<JsonObject>> RenderAsync(string relativeDirectory, CancellationToken cancellationToken = default)
    {
        var home = Directory.CreateTempSubdirectory("config-tests-home-");
        try
        {
            var result = await ProcessRunner.RunAsync(
                "kubectl",
                ["kustomize", relativeDirectory],
                RepositoryPaths.Root,
                new Dictionary<string, string>
                {
                    ["HOME"] = home.FullName,
                    ["KUBECONFIG"] = Path.Combine(home.FullName, "no-kubeconfig"),
                },
                Timeout,
                cancellationToken);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"kubectl kustomize {relativeDirectory} exited {result.ExitCode}: {result.StandardError.Trim()}");
            }

            return YamlJson.ParseAll(result.StandardOutput).OfType<JsonObject>().ToList();
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
