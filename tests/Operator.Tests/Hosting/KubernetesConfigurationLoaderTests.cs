using AtlasRestoreOperator.Operator.Hosting;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

public sealed class KubernetesConfigurationLoaderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kubeconfig-test-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_kubeconfig_file_is_loaded_with_its_current_context()
    {
        var path = Write("""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster: {server: "http://127.0.0.1:6443"}
            users:
            - name: dev
              user: {token: not-a-real-token}
            contexts:
            - name: sandbox
              context: {cluster: sandbox, user: dev, namespace: team-a}
            current-context: sandbox
            """);

        var configuration = KubernetesConfigurationLoader.Load(new OperatorOptions { KubeconfigPath = path });

        configuration.Host.Should().StartWith("http://127.0.0.1:6443");
        configuration.Namespace.Should().Be("team-a");
    }

    [Fact]
    public void A_broken_kubeconfig_is_a_configuration_error_that_never_quotes_the_file()
    {
        var path = Write("users: [ {name: dev, user: {token: s3cr3t-token} ");

        var load = () => KubernetesConfigurationLoader.Load(new OperatorOptions { KubeconfigPath = path });

        load.Should().Throw<OperatorConfigurationException>()
            .WithMessage($"invalid kubeconfig \"{path}\": it could not be loaded (*)*")
            .Which.Message.Should().NotContain("s3cr3t");
    }

    private string Write(string content)
    {
        var path = Path.Combine(directory, "config");
        File.WriteAllText(path, content);
        return path;
    }
}
