using System.Text.RegularExpressions;
using AtlasRestoreOperator.Integration.Tests.Support;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>What a user does with the real kubectl: apply a sample, wait for Ready, read the printer columns.</summary>
public sealed class KubectlEndToEndTests : IAsyncLifetime
{
    private RestoreEnvironment environment = null!;
    private string workDirectory = null!;

    public async Task InitializeAsync()
    {
        environment = await RestoreEnvironment.StartAsync();
        workDirectory = Directory.CreateTempSubdirectory("asr-kubectl-").FullName;
    }

    public async Task DisposeAsync()
    {
        await environment.DisposeAsync();
        Directory.Delete(workDirectory, recursive: true);
    }

    [Fact]
    public async Task Apply_wait_and_get_show_the_flex_sample_completed_with_its_atlas_job()
    {
        environment.StartOperator();
        var kubectl = new KubectlRunner(environment.KubeconfigPath, workDirectory);
        var sample = Path.Combine(RepositoryRoot.Find(), "config", "samples", "atlasrestore_v1alpha1_flex_restore.yaml");

        var apply = await kubectl.RunAsync(["apply", "-f", sample], CancellationToken.None);
        apply.ExitCode.Should().Be(0, apply.ToString());
        apply.StandardOutput.Should().Contain("atlassharedrestore.atlasrestore.io/refresh-staging-flex created");

        var wait = await kubectl.RunAsync(["wait", "--for=condition=Ready", "asr/refresh-staging-flex", "--timeout=60s"], CancellationToken.None);
        wait.ExitCode.Should().Be(0, wait.ToString());
        wait.StandardOutput.Should().Contain("condition met");

        var get = await kubectl.RunAsync(["get", "asr"], CancellationToken.None);
        get.ExitCode.Should().Be(0, get.ToString());
        var lines = get.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^NAME\s+PHASE\s+ATLAS STATUS\s+JOB\s+TARGET\s+AGE\s*$");
        var job = environment.Atlas.State.RestoreJobs.Should().ContainSingle().Subject;
        var row = lines.Should().ContainSingle(l => l.StartsWith("refresh-staging-flex ", StringComparison.Ordinal)).Subject;
        Regex.Split(row.Trim(), @"\s+").Take(5).Should().Equal("refresh-staging-flex", "Completed", "COMPLETED", job.Id, "flex-target");
        environment.AcceptedPosts().Should().Be(1);
    }
}
