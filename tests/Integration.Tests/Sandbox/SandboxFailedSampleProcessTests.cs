using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>
/// <c>--once</c> when a sample cannot complete: the tenant sample's snapshot is missing from the <c>--seed</c> file, so
/// that restore ends Failed while the Flex one completes; the process says which one failed and exits non-zero.
/// </summary>
public sealed class SandboxFailedSampleProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string directory = Directory.CreateTempSubdirectory("asr-sandbox-failed-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Once_exits_non_zero_naming_the_sample_whose_snapshot_the_seed_lacks()
    {
        var seed = AtlasSeed.Demo with
        {
            Projects = AtlasSeed.Demo.Projects.Select(project => project with
            {
                Clusters = project.Clusters.Select(cluster => cluster with
                {
                    Snapshots = cluster.Snapshots.Where(snapshot => snapshot.Id != DemoSeed.TenantSnapshotId).ToList(),
                }).ToList(),
            }).ToList(),
        };
        seed.ToJson().Should().NotContain(DemoSeed.TenantSnapshotId);
        var seedPath = Path.Combine(directory, "seed-without-tenant-snapshot.json");
        await File.WriteAllTextAsync(seedPath, seed.ToJson());

        await using var sandbox = SandboxProcess.Start(["--once", "--dir", Path.Combine(directory, "state"), "--seed", seedPath, "--timeout", "60"]);
        var exitCode = await sandbox.WaitForExitAsync(Patience);

        var printed = sandbox.Describe();
        exitCode.Should().Be(1, printed);
        var lines = sandbox.StandardOutput.Lines;
        lines.Should().ContainSingle(l => l.StartsWith("Sample restore ", StringComparison.Ordinal), printed)
            .Which.Should().StartWith("Sample restore default/refresh-staging-m2 failed: ")
            .And.Contain($"Snapshot {DemoSeed.TenantSnapshotId} does not exist for cluster {DemoSeed.TenantSourceCluster}");
        lines.Should().Contain("1 of 2 sample restore(s) failed.", printed);
        lines.Should().NotContain("Every sample restore completed.", printed);
        lines.Last(l => l.StartsWith("default/refresh-staging-flex ", StringComparison.Ordinal)).Should().Contain("Completed, api Flex, job ", printed);
    }
}
