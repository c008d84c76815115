using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Bench;

/// <summary>
/// A generated Atlas seed: <c>projects</c> projects, each with one Flex source holding one snapshot and
/// <c>targetsPerProject</c> Flex targets, and one API key with Project Owner on all of them. Every restore gets its own
/// target because the operator's default ExistingJobPolicy (Adopt) would otherwise adopt a job instead of posting one.
/// </summary>
public sealed record BenchSeed(AtlasSeed Seed, IReadOnlyList<BenchTarget> Targets)
{
    public const string PublicKey = "benchkey";
    public const string PrivateKey = "bench-private-key-0000";

    public static BenchSeed Build(int projects, int targetsPerProject)
    {
        var snapshotTime = new DateTimeOffset(2026, 11, 27, 17, 5, 10, TimeSpan.Zero);
        var seedProjects = new List<SeedProject>();
        var targets = new List<BenchTarget>();
        var roles = new Dictionary<string, IReadOnlyList<string>>();
        for (var p = 0; p < projects; p++)
        {
            var projectId = $"6650{p:x20}";
            var snapshotId = $"7750{p:x20}";
            var clusters = new List<SeedCluster>
            {
                new()
                {
                    Name = "source", Kind = ClusterKind.Flex, MongoDBVersion = "8.0.4",
                    Snapshots =
                    [
                        new SeedSnapshot
                        {
                            Id = snapshotId, MongoDBVersion = "8.0.4", ScheduledTime = snapshotTime,
                            StartTime = snapshotTime.AddSeconds(20), FinishTime = snapshotTime.AddSeconds(90), Expiration = snapshotTime.AddDays(8),
                        },
                    ],
                },
            };
            for (var t = 0; t < targetsPerProject; t++)
            {
                var target = $"target-{t}";
                clusters.Add(new SeedCluster { Name = target, Kind = ClusterKind.Flex, MongoDBVersion = "8.0.4" });
                targets.Add(new BenchTarget(projectId, "source", snapshotId, target));
            }

            seedProjects.Add(new SeedProject { Id = projectId, Name = $"bench-{p}", Clusters = clusters });
            roles[projectId] = [AtlasRoles.ProjectOwner];
        }

        var seed = new AtlasSeed
        {
            Projects = seedProjects,
            ApiKeys = [new SeedApiKey { PublicKey = PublicKey, PrivateKey = PrivateKey, ProjectRoles = roles }],
        };
        return new BenchSeed(seed, targets);
    }
}
