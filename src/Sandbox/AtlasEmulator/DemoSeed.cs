namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>The names and ids in <see cref="AtlasSeed.Demo"/>, so the sandbox, samples and tests refer to them by name.</summary>
public static class DemoSeed
{
    public const string ProjectId = "6650a1b2c3d4e5f6a7b8c9d0";
    public const string ProjectName = "demo";

    /// <summary>Flex cluster with three COMPLETED snapshots (MongoDB 8.0).</summary>
    public const string FlexSourceCluster = "flex-source";

    /// <summary>Flex cluster on MongoDB 8.0: a valid restore target.</summary>
    public const string FlexTargetCluster = "flex-target";

    /// <summary>Former M2 cluster served by the tenant API, with two COMPLETED snapshots (MongoDB 8.0).</summary>
    public const string TenantSourceCluster = "legacy-m2";

    /// <summary>Dedicated M10 on MongoDB 8.0 without encryption at rest: a valid restore target.</summary>
    public const string DedicatedTargetCluster = "dedicated-target";

    /// <summary>Dedicated M10 on MongoDB 8.0 with AWS encryption at rest: a restore onto it fails.</summary>
    public const string EncryptedTargetCluster = "encrypted-target";

    /// <summary>Flex cluster on MongoDB 7.0: a restore of an 8.0 snapshot onto it fails.</summary>
    public const string OldVersionFlexTargetCluster = "flex-target-70";

    /// <summary>The newest snapshot of <see cref="FlexSourceCluster"/>.</summary>
    public const string FlexSnapshotId = "6650a1b2c3d4e5f6a7b8d003";

    /// <summary>An older snapshot of <see cref="FlexSourceCluster"/>.</summary>
    public const string OlderFlexSnapshotId = "6650a1b2c3d4e5f6a7b8d002";

    /// <summary>The newest snapshot of <see cref="TenantSourceCluster"/>.</summary>
    public const string TenantSnapshotId = "6650a1b2c3d4e5f6a7b8e002";

    /// <summary>API key with Project Owner on the demo project (Digest user name).</summary>
    public const string PublicKey = "demokeyx";

    /// <summary>The API key's private key (Digest password). Demo only.</summary>
    public const string PrivateKey = "6f1c2d3e-demo-4a5b-8c9d-0e1f2a3b4c5d";

    /// <summary>Service account with Project Owner on the demo project.</summary>
    public const string ClientId = "mdb_sa_id_6650a1b2c3d4e5f6a7b8c9d1";

    /// <summary>The service account's secret. Demo only.</summary>
    public const string ClientSecret = "mdb_sa_sk_demo0000000000000000000000000000";
}
