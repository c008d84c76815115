using System.Security.Cryptography;
using k8s;
using k8s.Exceptions;
using YamlDotNet.Core;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>Turns the resolved kubeconfig choice of <see cref="OperatorOptions"/> into a client configuration and client.</summary>
public static class KubernetesConfigurationLoader
{
    /// <summary>
    /// Loads <see cref="OperatorOptions.KubeconfigPath"/> (its current context), or the in-cluster service account when
    /// it is null. An unusable file throws <see cref="OperatorConfigurationException"/> with one line naming the problem;
    /// the file's contents are never quoted, since a kubeconfig may hold tokens.
    /// </summary>
    public static KubernetesClientConfiguration Load(OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return options.KubeconfigPath is { } path
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                : KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Invalid(options, e);
        }
    }

    /// <summary>
    /// <see cref="Load"/>, then the client: building it reads the files the kubeconfig names (client certificate and
    /// key), so a missing one is a configuration error too, found at start rather than at the first request.
    /// </summary>
    public static Kubernetes CreateClient(OperatorOptions options)
    {
        var configuration = Load(options);
        try
        {
            return new Kubernetes(configuration);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Invalid(options, e);
        }
    }

    private static OperatorConfigurationException Invalid(OperatorOptions options, Exception e)
    {
        if (options.KubeconfigPath is not { } path)
        {
            return new OperatorConfigurationException(
                $"in-cluster configuration could not be loaded ({e.GetType().Name}): the pod needs its service account token mounted " +
                "and KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT set; outside a cluster set --kubeconfig or KUBECONFIG");
        }

        // Only texts that cannot carry the file's values are quoted: positions, the library's own messages about
        // missing names, and I/O messages (which name paths). An exec plugin's failure quotes the plugin's output, so
        // it is not repeated; everything else is reported by its type alone.
        var problem = e switch
        {
            YamlException yaml => $"it is not a valid kubeconfig (YAML error at line {yaml.Start.Line}, column {yaml.Start.Column})",
            KubeConfigException exec when exec.Message.StartsWith("external exec", StringComparison.Ordinal) =>
                "its exec credential plugin failed; run the plugin's command by hand to see why",
            // This one quotes the server value, which may hold userinfo or a pasted token.
            KubeConfigException url when url.Message.StartsWith("Bad server host URL", StringComparison.Ordinal) =>
                "the current cluster's server URL cannot be parsed",
            KubeConfigException kubeconfig => FirstLine(kubeconfig.Message),
            CryptographicException => "a certificate or key in it could not be read (CryptographicException)",
            IOException or UnauthorizedAccessException => $"it or a file it names could not be read: {FirstLine(e.Message)}",
            _ => $"it could not be loaded ({e.GetType().Name}); check that it is a kubeconfig with a current context",
        };
        return new OperatorConfigurationException($"invalid kubeconfig \"{path}\": {problem}");
    }

    private static string FirstLine(string text) =>
        text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
}
