namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>A cluster of a seeded project.</summary>
public sealed record SeedCluster
{
    /// <summary>Matches <c>^[a-zA-Z0-9][a-zA-Z0-9-]*$</c>.</summary>
    public required string Name { get; init; }

    public required ClusterKind Kind { get; init; }

    /// <summary>Full version, e.g. <c>8.0.4</c>.</summary>
    public required string MongoDBVersion { get; init; }

    /// <summary>Reported by the cluster API (C1); defaults to the first two components of <see cref="MongoDBVersion"/>.</summary>
    public string? MongoDBMajorVersion { get; init; }

    /// <summary>NONE, AWS, AZURE or GCP (cluster API only); anything but NONE makes a restore onto it fail.</summary>
    public string EncryptionAtRestProvider { get; init => field = value ?? "NONE"; } = "NONE";

    /// <summary>IDLE, CREATING, UPDATING, DELETING or REPAIRING.</summary>
    public string StateName { get; init => field = value ?? "IDLE"; } = "IDLE";

    public bool Paused { get; init; }

    /// <summary>24 hex characters; generated when omitted.</summary>
    public string? Id { get; init; }

    /// <summary>M2/M5 for tenant clusters, M10 and up for dedicated ones; defaulted by kind when omitted.</summary>
    public string? InstanceSizeName { get; init; }

    public IReadOnlyList<SeedSnapshot> Snapshots { get; init => field = value ?? []; } = [];
}
