using k8s;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>Turns the resolved kubeconfig choice of <see cref="OperatorOptions"/> into a client configuration.</summary>
public static class KubernetesConfigurationLoader
{
    /// <summary>
    /// Loads <see cref="OperatorOptions.KubeconfigPath"/> (its current context), or the in-cluster service account when
    /// it is null. An unusable file throws <see cref="OperatorConfigurationException"/>; its contents are never quoted,
    /// since a kubeconfig may hold tokens.
    /// </summary>
    public static KubernetesClientConfiguration Load(OperatorOptions options)
    {
        try
        {
            return options.KubeconfigPath is { } path
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                : KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var source = options.KubeconfigPath is { } path ? $"kubeconfig \"{path}\"" : "in-cluster configuration";
            throw new OperatorConfigurationException($"invalid {source}: it could not be loaded ({e.GetType().Name}); check that it is a kubeconfig with a current context");
        }
    }
}
