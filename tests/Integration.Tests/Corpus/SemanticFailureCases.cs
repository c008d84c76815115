using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>
/// The semantic-failure corpus: manifests the API server accepts but Atlas cannot (or must not) restore. Every case
/// ends in its own Stalled condition before any restore job exists.
/// </summary>
public static class SemanticFailureCases
{
    public const string WrongPrivateKey = "0a1b2c3d-wrong-4e5f-8a9b-private000001";
    public const string WrongClientSecret = "mdb_sa_sk_wrong111111111111111111111111111";
    public const string ReadOnlyPublicKey = "readonly";
    public const string ReadOnlyPrivateKey = "9e8d7c6b-readonly-4a3b-8c2d-private00002";
    public const string OtherProjectId = "6650a1b2c3d4e5f6a7b8c9ff";
    public const string UnknownProjectId = "0000000000000000000000ff";
    public const string UnknownTargetProjectId = "00000000000000000000aaaa";
    public const string MissingSnapshotId = "6650a1b2c3d4e5f6a7b8dfff";
    public const string RunningSnapshotId = "6650a1b2c3d4e5f6a7b8d0aa";
    public const string ExpiredSnapshotId = "6650a1b2c3d4e5f6a7b8d0bb";

    private const string Default = RestoreEnvironment.Namespace;

    /// <summary>The secret values of the demo seed, which every environment holds.</summary>
    public static IReadOnlyList<string> DemoSecretValues { get; } = [DemoSeed.PrivateKey, DemoSeed.ClientSecret];

    public static IReadOnlyList<SemanticFailureCase> All { get; } =
    [
        WithSecret("missing-secret", null, RestorePhase.Pending, RestoreReasons.SecretNotFound, RestoreReasons.SecretNotFound,
            $"Secret {Default}/missing-secret does not exist; create it with publicApiKey and privateApiKey, or clientId and clientSecret."),
        WithSecret("secret-with-wrong-keys", new() { ["apiKey"] = DemoSeed.PublicKey, ["apiSecret"] = DemoSeed.PrivateKey }, RestorePhase.Pending,
            RestoreReasons.InvalidCredentials, RestoreReasons.InvalidCredentials,
            $"Secret {Default}/secret-with-wrong-keys has neither publicApiKey and privateApiKey nor clientId and clientSecret."),
        WithSecret("secret-missing-private-key", new() { ["publicApiKey"] = DemoSeed.PublicKey }, RestorePhase.Pending,
            RestoreReasons.InvalidCredentials, RestoreReasons.InvalidCredentials,
            $"Secret {Default}/secret-missing-private-key is missing key privateApiKey (it needs both publicApiKey and privateApiKey)."),
        WithSecret("secret-with-empty-value", new() { ["publicApiKey"] = DemoSeed.PublicKey, ["privateApiKey"] = "" }, RestorePhase.Pending,
            RestoreReasons.InvalidCredentials, RestoreReasons.InvalidCredentials,
            $"Secret {Default}/secret-with-empty-value has an empty value for key privateApiKey."),
        WithSecret("secret-with-mixed-kinds",
            new() { ["publicApiKey"] = DemoSeed.PublicKey, ["privateApiKey"] = DemoSeed.PrivateKey, ["clientId"] = DemoSeed.ClientId, ["clientSecret"] = DemoSeed.ClientSecret },
            RestorePhase.Pending, RestoreReasons.InvalidCredentials, RestoreReasons.InvalidCredentials,
            $"Secret {Default}/secret-with-mixed-kinds mixes API key keys (publicApiKey, privateApiKey) with service account keys (clientId, clientSecret); keep one kind."),
        WithSecret("wrong-private-key", new() { ["publicApiKey"] = DemoSeed.PublicKey, ["privateApiKey"] = WrongPrivateKey }, RestorePhase.Pending,
            RestoreReasons.Unauthorized, RestoreReasons.Unauthorized,
            $"Atlas rejected the credentials in Secret {Default}/wrong-private-key (HTTP 401)") with { SecretValues = [WrongPrivateKey] },
        WithSecret("wrong-client-secret", new() { ["clientId"] = DemoSeed.ClientId, ["clientSecret"] = WrongClientSecret }, RestorePhase.Pending,
            RestoreReasons.Unauthorized, RestoreReasons.Unauthorized,
            $"Atlas rejected the credentials in Secret {Default}/wrong-client-secret (HTTP 401)") with { SecretValues = [WrongClientSecret] },
        new SemanticFailureCase("read-only-key",
            async environment =>
            {
                environment.Atlas.State.AddApiKey(new SeedApiKey
                {
                    PublicKey = ReadOnlyPublicKey,
                    PrivateKey = ReadOnlyPrivateKey,
                    ProjectRoles = new Dictionary<string, IReadOnlyList<string>> { [DemoSeed.ProjectId] = [AtlasRoles.ProjectReadOnly] },
                });
                await environment.CreateApiKeySecretAsync("read-only-key", ReadOnlyPublicKey, ReadOnlyPrivateKey);
            },
            RestoreEnvironment.FlexSpec(s => s with { ConnectionSecretRef = new SecretReference { Name = "read-only-key" } }),
            RestorePhase.Pending, RestoreReasons.Forbidden, RestoreReasons.Forbidden,
            $"The credentials in Secret {Default}/read-only-key lack a required role in project {DemoSeed.ProjectId} (HTTP 403)")
        {
            SecretValues = [ReadOnlyPrivateKey],
        },
        Plain("unknown-project", RestoreEnvironment.FlexSpec(s => s with { ProjectId = UnknownProjectId }),
            RestoreReasons.ProjectNotFound, $"Atlas project {UnknownProjectId} does not exist or the credentials cannot see it."),
        Plain("unknown-source-cluster", RestoreEnvironment.FlexSpec(s => s with { ClusterName = "no-such-source" }),
            RestoreReasons.ClusterNotFound, $"Source cluster no-such-source does not exist in project {DemoSeed.ProjectId}."),
        Plain("unknown-target-cluster", RestoreEnvironment.FlexSpec(s => s with { TargetDeploymentItemName = "no-such-target" }),
            RestoreReasons.ClusterNotFound, $"Target cluster no-such-target does not exist in project {DemoSeed.ProjectId}."),
        Plain("missing-snapshot", RestoreEnvironment.FlexSpec(s => s with { SnapshotId = MissingSnapshotId }),
            RestoreReasons.SnapshotNotFound, $"Snapshot {MissingSnapshotId} does not exist for cluster {DemoSeed.FlexSourceCluster} in project {DemoSeed.ProjectId}."),
        Plain("snapshot-not-completed", RestoreEnvironment.FlexSpec(s => s with { SnapshotId = RunningSnapshotId }),
            RestoreReasons.SnapshotNotCompleted, $"Snapshot {RunningSnapshotId} of cluster {DemoSeed.FlexSourceCluster} is RUNNING, not COMPLETED",
            environment => AddSnapshot(environment, RunningSnapshotId, "RUNNING", expiration: null)),
        Plain("expired-snapshot", RestoreEnvironment.FlexSpec(s => s with { SnapshotId = ExpiredSnapshotId }),
            RestoreReasons.SnapshotExpired, $"Snapshot {ExpiredSnapshotId} of cluster {DemoSeed.FlexSourceCluster} expired at ",
            environment => AddSnapshot(environment, ExpiredSnapshotId, "COMPLETED", expiration: TimeProvider.System.GetUtcNow().AddDays(-1))),
        Plain("version-mismatch", RestoreEnvironment.FlexSpec(s => s with { TargetDeploymentItemName = DemoSeed.OldVersionFlexTargetCluster }),
            RestoreReasons.VersionMismatch,
            $"Target cluster {DemoSeed.OldVersionFlexTargetCluster} runs MongoDB 7 but snapshot {DemoSeed.FlexSnapshotId} is from MongoDB 8"),
        Plain("encryption-at-rest", RestoreEnvironment.FlexSpec(s => s with { TargetDeploymentItemName = DemoSeed.EncryptedTargetCluster }),
            RestoreReasons.EncryptionAtRest, $"Target cluster {DemoSeed.EncryptedTargetCluster} uses encryption at rest (AWS)"),
        Plain("flex-api-on-tenant-cluster", RestoreEnvironment.TenantSpec(s => s with { Api = RestoreApi.Flex }),
            RestoreReasons.NotFlexCluster, $"Source cluster {DemoSeed.TenantSourceCluster} is not a Flex cluster, so api: Flex cannot restore it"),
        TenantRetired("tenant-api-gone", TenantApiMode.Gone),
        TenantRetired("tenant-api-not-found", TenantApiMode.NotFound),
        new SemanticFailureCase("target-project-without-access",
            environment =>
            {
                environment.Atlas.State.AddProject(OtherProjectId, "other-team");
                environment.Atlas.State.AddCluster(OtherProjectId, new SeedCluster { Name = "other-target", Kind = ClusterKind.Flex, MongoDBVersion = "8.0.4" });
                return Task.CompletedTask;
            },
            RestoreEnvironment.FlexSpec(s => s with { TargetProjectId = OtherProjectId, TargetDeploymentItemName = "other-target" }),
            RestorePhase.Pending, RestoreReasons.Forbidden, RestoreReasons.Forbidden,
            $"The credentials in Secret {Default}/{RestoreEnvironment.SecretName} lack a required role in project {OtherProjectId} (HTTP 403)"),
        Plain("unknown-target-project", RestoreEnvironment.FlexSpec(s => s with { TargetProjectId = UnknownTargetProjectId }),
            RestoreReasons.ProjectNotFound, $"Atlas project {UnknownTargetProjectId} does not exist or the credentials cannot see it."),
    ];

    public static SemanticFailureCase Named(string name) => All.Single(c => c.Name == name);

    /// <summary>A restore whose own Secret (named like the case; absent when <paramref name="data"/> is null) is the problem.</summary>
    private static SemanticFailureCase WithSecret(
        string name, Dictionary<string, string>? data, RestorePhase phase, string stalledReason, string eventReason, string message) =>
        new(name,
            environment => data is null ? Task.CompletedTask : environment.CreateSecretAsync(name, data),
            RestoreEnvironment.FlexSpec(s => s with { ConnectionSecretRef = new SecretReference { Name = name } }),
            phase, stalledReason, eventReason, message);

    /// <summary>A preflight failure with the default credentials: Failed for good, reason PreflightFailed, the cause in the event.</summary>
    private static SemanticFailureCase Plain(
        string name, AtlasSharedRestoreSpec spec, string cause, string message, Func<RestoreEnvironment, Task>? arrange = null) =>
        new(name, arrange ?? (_ => Task.CompletedTask), spec, RestorePhase.Failed, RestoreReasons.PreflightFailed, cause, message);

    private static SemanticFailureCase TenantRetired(string name, TenantApiMode mode) =>
        new(name,
            environment =>
            {
                environment.Atlas.TenantMode = mode;
                return Task.CompletedTask;
            },
            RestoreEnvironment.TenantSpec(),
            RestorePhase.Failed, RestoreReasons.TenantApiRetired, RestoreReasons.TenantApiRetired,
            "The Atlas shared-tier (tenant) restore API was retired on 2026-01-22; create a new AtlasSharedRestore with api: Flex.");

    private static Task AddSnapshot(RestoreEnvironment environment, string id, string status, DateTimeOffset? expiration)
    {
        var now = TimeProvider.System.GetUtcNow();
        environment.Atlas.State.AddSnapshot(DemoSeed.ProjectId, DemoSeed.FlexSourceCluster, new SeedSnapshot
        {
            Id = id,
            Status = status,
            MongoDBVersion = "8.0.4",
            ScheduledTime = now.AddDays(-9),
            StartTime = now.AddDays(-9),
            FinishTime = status == "COMPLETED" ? now.AddDays(-9) : null,
            Expiration = expiration,
        });
        return Task.CompletedTask;
    }
}
