using System.Net;
using System.Net.Sockets;
using AtlasRestoreOperator.Operator.Hosting;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

public sealed class OperatorCommandLineTests : IDisposable
{
    private const string ValidKubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: nowhere
          cluster: {server: "http://127.0.0.1:1"}
        users:
        - name: dev
          user: {token: not-a-real-token}
        contexts:
        - name: nowhere
          context: {cluster: nowhere, user: dev}
        current-context: nowhere
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("command-line-test-").FullName;

    /// <summary>No variables, the real file system: only the flags configure the operator.</summary>
    private readonly OperatorEnvironment flagsOnly = new();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();
    private readonly OperatorEnvironment environment = new()
    {
        Variables = new Dictionary<string, string> { ["KUBECONFIG"] = "/kubeconfig" },
        FileExists = path => path == "/kubeconfig",
        ReadFile = _ => null,
    };

    [Fact]
    public async Task Invalid_configuration_prints_one_line_to_stderr_exits_2_and_never_runs()
    {
        var ran = false;

        var exitCode = await OperatorCommandLine.RunAsync(["--health-port", "abc"], (_, _, _) => { ran = true; return Task.FromResult(0); }, environment, output, error);

        exitCode.Should().Be(2);
        ran.Should().BeFalse();
        error.ToString().Should().Be("atlas-restore-operator: invalid --health-port \"abc\": must be an integer from 0 to 65535" + Environment.NewLine);
        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var exitCode = await OperatorCommandLine.RunAsync(["--help"], (_, _, _) => Task.FromResult(7), environment, output, error);

        exitCode.Should().Be(0);
        output.ToString().Should().Contain("--atlas-base-url").And.Contain("ATLAS_DEFAULT_SECRET");
        error.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task Valid_configuration_runs_the_operator_and_returns_its_exit_code()
    {
        OperatorOptions? seen = null;

        var exitCode = await OperatorCommandLine.RunAsync(
            ["--watch-namespaces", "team-a", "--log-format", "json"],
            (options, _, _) => { seen = options; return Task.FromResult(0); },
            environment, output, error);

        exitCode.Should().Be(0);
        seen!.WatchNamespaces.Should().Equal("team-a");
        seen.KubeconfigPath.Should().Be("/kubeconfig");
    }

    [Fact]
    public async Task An_operator_failure_exits_1()
    {
        var exitCode = await OperatorCommandLine.RunAsync([], (_, _, _) => throw new InvalidOperationException("boom"), environment, output, error);

        exitCode.Should().Be(1);
    }

    [Fact]
    public async Task A_kubeconfig_that_will_not_load_stops_the_operator_with_one_line_naming_it_and_exit_2()
    {
        var path = WriteKubeconfig("users: [ {name: dev, user: {token: s3cr3t-token} ");

        var exitCode = await OperatorCommandLine.RunAsync(
            ["--kubeconfig", path, "--health-bind-address", "127.0.0.1", "--health-port", "0"],
            OperatorCommandLine.RunOperatorAsync, flagsOnly, output, error);

        exitCode.Should().Be(2);
        error.ToString().Should().Match(
            $"atlas-restore-operator: invalid kubeconfig \"{path}\": it is not a valid kubeconfig (YAML error at line *, column *)" + Environment.NewLine);
        error.ToString().Should().NotContain("s3cr3t").And.NotContain("   at ");
        output.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task A_kubeconfig_without_its_current_context_stops_the_operator_with_one_line_naming_the_context()
    {
        var path = WriteKubeconfig(ValidKubeconfig.Replace("current-context: nowhere", "current-context: gone", StringComparison.Ordinal));

        var exitCode = await OperatorCommandLine.RunAsync(
            ["--kubeconfig", path, "--health-bind-address", "127.0.0.1", "--health-port", "0"],
            OperatorCommandLine.RunOperatorAsync, flagsOnly, output, error);

        exitCode.Should().Be(2);
        error.ToString().Should().Be(
            $"atlas-restore-operator: invalid kubeconfig \"{path}\": CurrentContext: gone not found in contexts in kubeconfig" + Environment.NewLine);
    }

    [Fact]
    public async Task A_health_port_already_in_use_stops_the_operator_with_one_line_naming_the_port_and_exit_2()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var path = WriteKubeconfig(ValidKubeconfig);

        var exitCode = await OperatorCommandLine.RunAsync(
            ["--kubeconfig", path, "--leader-elect=false", "--health-bind-address", "127.0.0.1", "--health-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            OperatorCommandLine.RunOperatorAsync, flagsOnly, output, error);

        exitCode.Should().Be(2);
        error.ToString().Should().StartWith(
            $"atlas-restore-operator: cannot serve /healthz, /readyz and /metrics on 127.0.0.1:{port} (--health-bind-address, --health-port): ");
        error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().EndWith("Address already in use");
    }

    public void Dispose()
    {
        output.Dispose();
        error.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private string WriteKubeconfig(string content)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, content);
        return path;
    }
}
