namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>An Atlas project (group) with its clusters and existing restore jobs.</summary>
public sealed record SeedProject
{
    /// <summary>The groupId: 24 lowercase hex characters.</summary>
    public required string Id { get; init; }

    public string Name { get; init => field = value ?? "project"; } = "project";

    public IReadOnlyList<SeedCluster> Clusters { get; init => field = value ?? []; } = [];

    public IReadOnlyList<SeedRestoreJob> RestoreJobs { get; init => field = value ?? []; } = [];
}
