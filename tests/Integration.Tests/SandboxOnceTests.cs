using AtlasRestoreOperator.Sandbox;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>What <c>dotnet run --project src/Sandbox -- --once</c> does on a clean clone.</summary>
public sealed class SandboxOnceTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("asr-sandbox-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Once_runs_both_samples_to_completed_and_exits_zero()
    {
        using var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var exitCode = await new SandboxHost(new SandboxOptions { Once = true, Directory = directory }, output).RunAsync(limit.Token);

        var printed = text.ToString();
        exitCode.Should().Be(0, printed);
        printed.Should().Contain("Every sample restore completed.");
        var lines = printed.Split('\n');
        lines.Should().Contain(l => l.StartsWith("default/refresh-staging-flex ", StringComparison.Ordinal) && l.Contains("Completed") && l.Contains("COMPLETED"), printed);
        lines.Should().Contain(l => l.StartsWith("default/refresh-staging-m2 ", StringComparison.Ordinal) && l.Contains("Completed") && l.Contains("COMPLETED"), printed);
        File.Exists(Path.Combine(directory, "kubeconfig")).Should().BeTrue();
    }
}
