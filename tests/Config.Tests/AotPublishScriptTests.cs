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

    [Fact]
    public async Task A_publish_that_prints_a_trim_warning_fails_and_names_it()
    {
        var fakeDotnet = WriteFakeDotnet(exitCode: 0, output:
        [
            "  Restored /src/src/Operator/AtlasRestoreOperator.Operator.csproj.",
            "ILC : Trim analysis warning IL2026: Program.Main(): Using member 'X' which has 'RequiresUnreferencedCodeAttribute'.",
            "  AtlasRestoreOperator.Operator -> /out/",
        ]);
        var result = await RunAsync(fakeDotnet, ["artifacts/aot"]);

        result.ExitCode.Should().NotBe(0, "a warning ILC printed but did not turn into an error must still stop CI and the image build");
        result.StandardError.Should().Contain("IL2026", "the failure names the warning to fix");
    }

    [Fact]
    public async Task A_compiler_warning_in_msbuild_format_fails_the_script()
    {
        var fakeDotnet = WriteFakeDotnet(exitCode: 0, output:
        [
            "/src/src/Operator/Program.cs(12,5): warning CS8618: Non-nullable property 'Name' must contain a non-null value.",
        ]);
        var result = await RunAsync(fakeDotnet, []);

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("CS8618");
    }

    [Fact]
    public async Task The_one_warning_the_build_allows_does_not_fail_the_script()
    {
        // Directory.Build.props keeps NU1603 (a package served at a nearby version) a warning on purpose.
        var fakeDotnet = WriteFakeDotnet(exitCode: 0, output:
        [
            "/src/src/Operator/AtlasRestoreOperator.Operator.csproj : warning NU1603: AtlasRestoreOperator.Operator depends on X (>= 1.0.0) but X 1.0.0 was not found. X 1.0.1 was resolved instead.",
            "Build succeeded.",
        ]);
        var result = await RunAsync(fakeDotnet, []);

        result.ExitCode.Should().Be(0, result.StandardError);
    }

    [Fact]
    public async Task A_clean_publish_with_msbuilds_warning_summary_passes()
    {
        var fakeDotnet = WriteFakeDotnet(exitCode: 0, output:
        [
            "Build succeeded.",
            "    0 Warning(s)",
            "    0 Error(s)",
        ]);
        var result = await RunAsync(fakeDotnet, []);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Contain("0 Warning(s)", "the publish output still reaches the CI log");
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

    /// <summary>
    /// A `dotnet` that appends its working directory and its command line to a file, prints <paramref name="output"/>
    /// as a publish would, then exits.
    /// </summary>
    private string WriteFakeDotnet(int exitCode, IReadOnlyList<string>? output = null)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "bin"));
        var invocations = Path.Combine(_scratch.FullName, "invocations");
        var fake = Path.Combine(bin.FullName, "dotnet");
        File.WriteAllText(fake, $"""
            #!/usr/bin/env bash
            pwd >> '{invocations}'
            echo "dotnet $*" >> '{invocations}'
            cat <<'PUBLISH_OUTPUT'
            {string.Join("\n", output ?? [])}
            PUBLISH_OUTPUT
            exit {exitCode}
            """.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin.FullName;
    }
}
