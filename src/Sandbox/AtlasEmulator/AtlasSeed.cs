using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>
/// Everything the emulator starts with: projects (with clusters, snapshots and existing restore jobs), API keys and
/// service accounts. Serialized as camelCase JSON; the format is described in this project's README.
/// </summary>
public sealed record AtlasSeed
{
    public IReadOnlyList<SeedProject> Projects { get; init => field = value ?? []; } = [];

    public IReadOnlyList<SeedApiKey> ApiKeys { get; init => field = value ?? []; } = [];

    public IReadOnlyList<SeedServiceAccount> ServiceAccounts { get; init => field = value ?? []; } = [];

    /// <summary>An empty seed: no projects, no credentials.</summary>
    public static AtlasSeed Empty { get; } = new();

    /// <summary>The demo project described by <see cref="DemoSeed"/>.</summary>
    public static AtlasSeed Demo { get; } = BuildDemo();

    /// <summary>Reads a seed from a JSON file; a malformed file throws <see cref="InvalidDataException"/> naming the file.</summary>
    public static AtlasSeed Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json = File.ReadAllText(path);
        try
        {
            return FromJson(json);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"Atlas seed file '{path}' is not valid: {exception.Message}", exception);
        }
    }

    /// <summary>Parses a seed from JSON text.</summary>
    public static AtlasSeed FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, SeedJsonContext.Default.AtlasSeed)
                ?? throw new InvalidDataException("the document is null");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{exception.Message}", exception);
        }
    }

    /// <summary>The seed as indented JSON that <see cref="FromJson"/> reads back.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SeedJsonContext.Default.AtlasSeed);

    private static AtlasSeed BuildDemo()
    {
        static SeedSnapshot Daily(string id, int day) => new()
        {
            Id = id,
            Status = "COMPLETED",
            MongoDBVersion = "8.0.4",
            ScheduledTime = new DateTimeOffset(2026, 11, day, 17, 5, 10, TimeSpan.Zero),
            StartTime = new DateTimeOffset(2026, 11, day, 17, 5, 37, TimeSpan.Zero),
            FinishTime = new DateTimeOffset(2026, 11, day, 17, 6, 56, TimeSpan.Zero),
            // Atlas keeps Flex snapshots about 8 days, but restores past the expiration are refused: the demo's fixed
            // dates keep their snapshots for ten years so the demo keeps working on any day.
            Expiration = new DateTimeOffset(2026, 11, day, 17, 5, 10, TimeSpan.Zero).AddYears(10),
        };

        IReadOnlyDictionary<string, IReadOnlyList<string>> owner =
            new Dictionary<string, IReadOnlyList<string>> { [DemoSeed.ProjectId] = [AtlasRoles.ProjectOwner] };

        return new AtlasSeed
        {
            Projects =
            [
                new SeedProject
                {
                    Id = DemoSeed.ProjectId,
                    Name = DemoSeed.ProjectName,
                    Clusters =
                    [
                        new SeedCluster
                        {
                            Name = DemoSeed.FlexSourceCluster, Kind = ClusterKind.Flex, MongoDBVersion = "8.0.4",
                            Id = "6650a1b2c3d4e5f6a7b8c001",
                            Snapshots =
                            [
                                Daily("6650a1b2c3d4e5f6a7b8d001", 25),
                                Daily(DemoSeed.OlderFlexSnapshotId, 26),
                                Daily(DemoSeed.FlexSnapshotId, 27),
                            ],
                        },
                        new SeedCluster
                        {
                            Name = DemoSeed.FlexTargetCluster, Kind = ClusterKind.Flex, MongoDBVersion = "8.0.4",
                            Id = "6650a1b2c3d4e5f6a7b8c002",
                        },
                        new SeedCluster
                        {
                            Name = DemoSeed.TenantSourceCluster, Kind = ClusterKind.Tenant, MongoDBVersion = "8.0.4",
                            Id = "6650a1b2c3d4e5f6a7b8c003", InstanceSizeName = "M2",
                            Snapshots = [Daily("6650a1b2c3d4e5f6a7b8e001", 26), Daily(DemoSeed.TenantSnapshotId, 27)],
                        },
                        new SeedCluster
                        {
                            Name = DemoSeed.DedicatedTargetCluster, Kind = ClusterKind.Dedicated, MongoDBVersion = "8.0.4",
                            MongoDBMajorVersion = "8.0", Id = "6650a1b2c3d4e5f6a7b8c004", InstanceSizeName = "M10",
                        },
                        new SeedCluster
                        {
                            Name = DemoSeed.EncryptedTargetCluster, Kind = ClusterKind.Dedicated, MongoDBVersion = "8.0.4",
                            MongoDBMajorVersion = "8.0", EncryptionAtRestProvider = "AWS", Id = "6650a1b2c3d4e5f6a7b8c005",
                            InstanceSizeName = "M10",
                        },
                        new SeedCluster
                        {
                            Name = DemoSeed.OldVersionFlexTargetCluster, Kind = ClusterKind.Flex, MongoDBVersion = "7.0.14",
                            Id = "6650a1b2c3d4e5f6a7b8c006",
                        },
                    ],
                },
            ],
            ApiKeys = [new SeedApiKey { PublicKey = DemoSeed.PublicKey, PrivateKey = DemoSeed.PrivateKey, ProjectRoles = owner }],
            ServiceAccounts =
            [
                new SeedServiceAccount { ClientId = DemoSeed.ClientId, ClientSecret = DemoSeed.ClientSecret, ProjectRoles = owner },
            ],
        };
    }
}
