using AtlasRestoreOperator.Operator.Hosting;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

public sealed class OperatorCommandLineTests
{
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
}
