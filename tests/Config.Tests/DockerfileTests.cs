using System.Text.RegularExpressions;
using System.Xml.Linq;
using AtlasRestoreOperator.Config.Tests.Support;

namespace AtlasRestoreOperator.Config.Tests;

/// <summary>
/// The Dockerfile cannot be built here (no Docker engine), so these tests hold it to what CI builds and tests:
/// the same publish script, the same binary name, and a locked-down runtime stage.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly IReadOnlyList<DockerfileInstruction> Instructions =
        DockerfileInstruction.Parse(File.ReadAllText(RepositoryPaths.Of("Dockerfile")));

    private static IReadOnlyList<DockerfileInstruction> BuildStage => Stage("build");

    private static IReadOnlyList<DockerfileInstruction> RuntimeStage => Instructions
        .SkipWhile(i => !(i.Keyword == "FROM" && i.Arguments.EndsWith(" AS runtime", StringComparison.OrdinalIgnoreCase)))
        .ToList();

    private static string OperatorAssemblyName => XDocument.Load(RepositoryPaths.Of("src/Operator/AtlasRestoreOperator.Operator.csproj"))
        .Descendants("AssemblyName").Single().Value;

    [Fact]
    public void Builds_on_the_dotnet_10_sdk_with_the_native_toolchain_aot_needs()
    {
        Instructions.First(i => i.Keyword == "FROM").Arguments.Should().Be("mcr.microsoft.com/dotnet/sdk:10.0 AS build");
        var install = BuildStage.Single(i => i.Keyword == "RUN" && i.Arguments.Contains("apt-get install", StringComparison.Ordinal));
        install.Arguments.Split(' ').Should().Contain(["clang", "zlib1g-dev"]);
    }

    [Fact]
    public void Publishes_with_the_script_ci_runs()
    {
        BuildStage.Where(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet", StringComparison.Ordinal))
            .Should().BeEmpty("the publish command lives only in build/publish-aot.sh, so the image and CI cannot drift");
        BuildStage.Where(i => i.Keyword == "RUN").Select(i => i.Arguments)
            .Should().Contain("bash build/publish-aot.sh /out");
    }

    [Fact]
    public void Runtime_is_the_chiseled_base_with_only_the_aot_binary()
    {
        RuntimeStage[0].Arguments.Should().Be("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled AS runtime");
        RuntimeStage.Where(i => i.Keyword == "RUN").Should().BeEmpty("a chiseled image has no shell to run anything with");

        var copy = RuntimeStage.Single(i => i.Keyword == "COPY");
        copy.Arguments.Should().Be($"--from=build /out/{OperatorAssemblyName} /app/{OperatorAssemblyName}");
        RuntimeStage.Single(i => i.Keyword == "ENTRYPOINT").Arguments.Should().Be($"[\"/app/{OperatorAssemblyName}\"]");
    }

    [Fact]
    public void Runs_as_the_non_root_user_the_deployment_expects()
    {
        var user = RuntimeStage.Single(i => i.Keyword == "USER").Arguments;

        user.Should().MatchRegex("^[0-9]+(:[0-9]+)?$", "runAsNonRoot can verify only a numeric user");
        user.Split(':')[0].Should().Be("65532", "config/manager sets runAsUser 65532");
    }

    [Fact]
    public void Exposes_the_health_and_metrics_port()
    {
        RuntimeStage.Single(i => i.Keyword == "EXPOSE").Arguments.Should().Be("8081");
    }

    [Fact]
    public void Carries_the_oci_labels()
    {
        var labels = Regex.Matches(
                string.Join(' ', RuntimeStage.Where(i => i.Keyword == "LABEL").Select(i => i.Arguments)),
                "(org\\.opencontainers\\.image\\.[a-z]+)=\"([^\"]*)\"")
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        labels.Should().ContainKeys(
            "org.opencontainers.image.title",
            "org.opencontainers.image.description",
            "org.opencontainers.image.source");
        labels["org.opencontainers.image.title"].Should().Be(OperatorAssemblyName);
        labels["org.opencontainers.image.licenses"].Should().Be("Apache-2.0");
    }

    [Fact]
    public void Docker_context_keeps_the_sources_the_publish_needs()
    {
        var ignored = File.ReadAllLines(RepositoryPaths.Of(".dockerignore"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

        ignored.Should().NotContain(pattern =>
            pattern.StartsWith("src", StringComparison.Ordinal) || pattern.StartsWith("build", StringComparison.Ordinal)
            || pattern.StartsWith("Directory.", StringComparison.Ordinal) || pattern == "*");
    }

    [Theory]
    [InlineData("artifacts/", "a local AOT publish (CI's artifacts/aot) is tens of MB the image rebuilds anyway")]
    [InlineData("**/bin/", "local build output would break the image's clean restore")]
    [InlineData("**/obj/", "local build output would break the image's clean restore")]
    public void Docker_context_leaves_out_local_build_output(string pattern, string because)
    {
        File.ReadAllLines(RepositoryPaths.Of(".dockerignore")).Select(l => l.Trim()).Should().Contain(pattern, because);
    }

    private static IReadOnlyList<DockerfileInstruction> Stage(string name) => Instructions
        .SkipWhile(i => !(i.Keyword == "FROM" && i.Arguments.EndsWith($" AS {name}", StringComparison.OrdinalIgnoreCase)))
        .TakeWhile((i, index) => index == 0 || i.Keyword != "FROM")
        .ToList();
}
