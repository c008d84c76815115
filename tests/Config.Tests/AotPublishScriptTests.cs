using System.Runtime.Versioning;
using AtlasRestoreOperator.Config.Tests.Support;

namespace AtlasRestoreOperator.Config.Tests;

/// <summary>
/// build/publish-aot.sh is the single place the Native AOT publish is spelled; the Dockerfile and CI both run it.
/// These tests run the script with a stand-in `dotnet` that records what it was asked to do.
/// </summary>
[UnsupportedOSPlatform("windows")] // runs bash and sets Unix file modes
public sealed class AotPublishScriptTests : IDisposable
{
    private const string CanonicalPublish = "dotnet publish src/Operator -c Release -r linux-x64 -p:PublishAot=true -o /out";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("config-tests-publish-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task Without_arguments_it_runs_the_canonical_publish_from_the_repository_root()
    {
        var recorded = await RunScriptAsync([]);

        recorded.Command.Should().Be(CanonicalPublish);
        recorded.WorkingDirectory.Should().Be(RepositoryPaths.Root, "relative project paths must resolve from the root");
    }

    [Fact]
    public async Task Dockerfile_invocation_runs_the_canonical_publish()
    {
        var recorded = await RunScriptAsync(["/out"]);

        recorded.Command.Should().Be(CanonicalPublish);
    }

    [Fact]
    public async Task Ci_can_choose_the_output_directory_and_nothing_else()
    {
        var recorded = await RunScriptAsync(["artifacts/aot"]);

        recorded.Command.Should().Be("dotnet publish src/Operator -c Release -r linux-x64 -p:PublishAot=true -o artifacts/aot");
    }

    [Fact]
    public async Task A_failing_publish_fails_the_script()
    {
        var fakeDotnet = WriteFakeDotnet(exitCode: 3);
        var result = await RunAsync(fakeDotnet, []);

        result.ExitCode.Should().Be(3, "a Docker build or CI step must stop when the publish fails");
    }

    private async Task<(string Command, string WorkingDirectory)> RunScriptAsync(string[] arguments)
    {
        var result = await RunAsync(WriteFakeDotnet(exitCode: 0), arguments);
        result.ExitCode.Should().Be(0, result.StandardError);

        var lines = File.ReadAllLines(Path.Combine(_scratch.FullName, "invocations"));
        lines.Should().HaveCount(2, "the script runs dotnet exactly once");
        return (lines[1], lines[0]);
    }

    private Task<ProcessResult> RunAsync(string fakeDotnetDirectory, string[] arguments) => ProcessRunner.RunAsync(
        "bash",
        [RepositoryPaths.Of("build/publish-aot.sh"), .. arguments],
        _scratch.FullName,
        new Dictionary<string, string>
        {
            ["PATH"] = $"{fakeDotnetDirectory}:/usr/bin:/bin",
        },
        Timeout);

    /// <summary>A `dotnet` that appends its working directory and its command line to a file, then exits.</summary>
    private string WriteFakeDotnet(int exitCode)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "bin"));
        var invocations = Path.Combine(_scratch.FullName, "invocations");
        var fake = Path.Combine(bin.FullName, "dotnet");
        File.WriteAllText(fake, $"""
            #!/usr/bin/env bash
            pwd >> '{invocations}'
            echo "dotnet $*" >> '{invocations}'
            exit {exitCode}
            """.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin.FullName;
    }
}
