using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Integration.Tests.Torture;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// The operator process as a user starts it (<c>dotnet atlas-restore-operator.dll</c>, and the Native AOT binary):
/// configuration found unusable while starting stops it with exit code 2 and one line on stderr, no stack trace and
/// nothing of the kubeconfig's contents (DESIGN §6).
/// </summary>
public sealed class OperatorConfigurationErrorTests : IDisposable
{
    private const string Token = "s3cr3t-kubeconfig-token";
    private readonly string directory = Directory.CreateTempSubdirectory("asr-config-error-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public Task A_malformed_kubeconfig_stops_the_dll_with_exit_2_and_one_stderr_line_naming_the_file() => MalformedKubeconfigAsync("dll");

    [AotFact]
    public Task A_malformed_kubeconfig_stops_the_aot_binary_with_exit_2_and_one_stderr_line_naming_the_file() => MalformedKubeconfigAsync("aot");

    [Fact]
    public Task A_health_port_in_use_stops_the_dll_with_exit_2_and_one_stderr_line_naming_the_port() => HealthPortInUseAsync("dll");

    [AotFact]
    public Task A_health_port_in_use_stops_the_aot_binary_with_exit_2_and_one_stderr_line_naming_the_port() => HealthPortInUseAsync("aot");

    private async Task MalformedKubeconfigAsync(string binary)
    {
        var kubeconfig = Write("kubeconfig", $"users: [ {{name: dev, user: {{token: {Token}}} ");

        var result = await RunAsync(binary, ["--kubeconfig", kubeconfig, "--health-bind-address", "127.0.0.1", "--health-port", "0"]);

        result.ExitCode.Should().Be(2, result.Describe());
        result.StandardError.Should().ContainSingle(result.Describe())
            .Which.Should().StartWith($"atlas-restore-operator: invalid kubeconfig \"{kubeconfig}\": it is not a valid kubeconfig (YAML error");
        result.All.Should().NotContain(line => line.Contains("   at ", StringComparison.Ordinal), "no stack trace is printed");
        result.All.Should().NotContain(line => line.Contains(Token, StringComparison.Ordinal), "the kubeconfig's token is never printed");
    }

    private async Task HealthPortInUseAsync(string binary)
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var kubeconfig = Write("kubeconfig", $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: nowhere
              cluster: {server: "http://127.0.0.1:1"}
            users:
            - name: dev
              user: {token: {{Token}}}
            contexts:
            - name: nowhere
              context: {cluster: nowhere, user: dev}
            current-context: nowhere
            """);

        var result = await RunAsync(binary,
            ["--kubeconfig", kubeconfig, "--leader-elect=false", "--health-bind-address", "127.0.0.1", "--health-port", port]);

        result.ExitCode.Should().Be(2, result.Describe());
        result.StandardError.Should().ContainSingle(result.Describe())
            .Which.Should().StartWith($"atlas-restore-operator: cannot serve /healthz, /readyz and /metrics on 127.0.0.1:{port} (--health-bind-address, --health-port): ");
        result.All.Should().NotContain(line => line.Contains("   at ", StringComparison.Ordinal), "no stack trace is printed");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<ProcessResult> RunAsync(string binary, IReadOnlyList<string> arguments)
    {
        var start = binary == "aot" ? new ProcessStartInfo(AotBinary.Locate()) : new ProcessStartInfo("dotnet");
        if (binary != "aot")
        {
            start.ArgumentList.Add(OperatorAssembly.Path);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // Only the flags configure the child, not the test process's cluster settings.
        foreach (var variable in new[] { "KUBECONFIG", "ATLAS_BASE_URL", "LEADER_ELECT", "HEALTH_PORT", "HEALTH_BIND_ADDRESS", "KUBERNETES_SERVICE_HOST" })
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            // A process that kept running is the failure; stop this one (by its own handle) before reporting it.
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ProcessResult(process.ExitCode, Lines(await stdout), Lines(await stderr));
    }

    // Lines are kept as printed (a stack frame's leading "   at " included); only the line ends are dropped.
    private static string[] Lines(string text) =>
        text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();
}
