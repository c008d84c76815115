using System.Net;
using System.Net.Sockets;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>
/// What the sandbox process prints and returns when it cannot run as asked: one line on stderr naming the cause, no
/// stack trace, and a non-zero exit code (2 for a bad command line, 1 for a start-up failure).
/// </summary>
public sealed class SandboxCommandLineTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string directory = Directory.CreateTempSubdirectory("asr-sandbox-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Help_prints_the_usage_and_exits_zero()
    {
        await using var sandbox = SandboxProcess.Start(["--help"]);

        (await sandbox.WaitForExitAsync(Patience)).Should().Be(0, sandbox.Describe());
        sandbox.StandardOutput.Lines.Should().Contain(l => l.StartsWith("usage: dotnet run --project src/Sandbox", StringComparison.Ordinal));
        sandbox.StandardOutput.Lines.Should().Contain(l => l.TrimStart().StartsWith("--atlas-port N", StringComparison.Ordinal));
        sandbox.StandardError.Lines.Should().BeEmpty();
    }

    [Fact]
    public async Task A_bad_port_is_one_stderr_line_naming_the_flag_and_exit_code_two()
    {
        await using var sandbox = SandboxProcess.Start(["--no-operator", "--atlas-port", "70000", "--dir", directory]);

        (await sandbox.WaitForExitAsync(Patience)).Should().Be(2, sandbox.Describe());
        sandbox.StandardError.Lines.Should().Equal(
            "atlas-restore-sandbox: invalid --atlas-port \"70000\": must be an integer from 0 to 65535 (0: any free port)");
        sandbox.StandardOutput.Lines.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_seed_file_is_one_stderr_line_naming_the_flag_and_the_path()
    {
        var missing = Path.Combine(directory, "no-such-seed.json");
        await using var sandbox = SandboxProcess.Start(["--once", "--seed", missing, "--dir", directory]);

        (await sandbox.WaitForExitAsync(Patience)).Should().Be(1, sandbox.Describe());
        sandbox.StandardError.Lines.Should().ContainSingle(sandbox.Describe())
            .Which.Should().StartWith("atlas-restore-sandbox: --seed: ").And.Contain(missing);
    }

    [Fact]
    public async Task An_atlas_port_in_use_is_one_stderr_line_naming_the_address()
    {
        using var occupied = new TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        await using var sandbox = SandboxProcess.Start(["--no-operator", "--atlas-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", directory]);

        (await sandbox.WaitForExitAsync(Patience)).Should().Be(1, sandbox.Describe());
        sandbox.StandardError.Lines.Should().ContainSingle(sandbox.Describe())
            .Which.Should().StartWith("atlas-restore-sandbox: ").And.Contain($"127.0.0.1:{port}");
    }
}
