using AtlasRestoreOperator.Operator.Hosting;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

public sealed class KubernetesConfigurationLoaderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("kubeconfig-test-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_kubeconfig_file_is_loaded_with_its_current_context()
    {
        var path = Write(Kubeconfig("http://127.0.0.1:6443", "{token: not-a-real-token}", ", namespace: team-a"));

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
            .WithMessage($"invalid kubeconfig \"{path}\": it is not a valid kubeconfig (YAML error at line *, column *)")
            .Which.Message.Should().NotContain("s3cr3t");
    }

    [Fact]
    public void A_server_url_that_cannot_be_parsed_is_named_without_quoting_it()
    {
        var path = Write(Kubeconfig("https://admin:s3cr3t-pass@[not-a-host", "{token: not-a-real-token}"));

        var create = () => KubernetesConfigurationLoader.CreateClient(new OperatorOptions { KubeconfigPath = path });

        create.Should().Throw<OperatorConfigurationException>()
            .WithMessage($"invalid kubeconfig \"{path}\": the current cluster's server URL cannot be parsed")
            .Which.Message.Should().NotContain("s3cr3t");
    }

    [Fact]
    public void A_kubeconfig_naming_a_missing_client_key_is_a_configuration_error_naming_the_key_file()
    {
        var path = Write(Kubeconfig("https://127.0.0.1:6443", "{client-certificate: /nonexistent/client.crt, client-key: /nonexistent/client.key}"));

        var create = () => KubernetesConfigurationLoader.CreateClient(new OperatorOptions { KubeconfigPath = path });

        create.Should().Throw<OperatorConfigurationException>()
            .WithMessage($"invalid kubeconfig \"{path}\": it or a file it names could not be read: *'/nonexistent/client.*'*");
    }

    [Fact]
    public void A_failed_in_cluster_configuration_says_what_a_pod_needs_and_how_to_run_outside_one()
    {
        // Inside a pod with a mounted token the in-cluster configuration loads, and there is nothing to show.
        if (File.Exists("/var/run/secrets/kubernetes.io/serviceaccount/token") && Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null)
        {
            return;
        }

        var load = () => KubernetesConfigurationLoader.Load(new OperatorOptions { KubeconfigPath = null });

        load.Should().Throw<OperatorConfigurationException>()
            .WithMessage("in-cluster configuration could not be loaded (KubeConfigException): the pod needs its service account token mounted*set --kubeconfig or KUBECONFIG");
    }

    /// <summary>A kubeconfig with one cluster, user and current context, the parts a test varies given as YAML.</summary>
    private static string Kubeconfig(string server, string user, string contextExtras = "") => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster: {server: "{{server}}"}
        users:
        - name: dev
          user: {{user}}
        contexts:
        - name: sandbox
          context: {cluster: sandbox, user: dev{{contextExtras}}}
        current-context: sandbox
        """;

    private string Write(string content)
    {
        var path = Path.Combine(directory, "config");
        File.WriteAllText(path, content);
        return path;
    }
}
