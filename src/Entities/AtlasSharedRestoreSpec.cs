using System.ComponentModel;
using AtlasRestoreOperator.Entities.Schema;

namespace AtlasRestoreOperator.Entities;

/// <summary>What to restore and where. Immutable once created: a new restore is a new object.</summary>
public sealed record AtlasSharedRestoreSpec
{
    public const string ObjectIdPattern = "^([a-f0-9]{24})$";
    public const string ClusterNamePattern = "^[a-zA-Z0-9][a-zA-Z0-9-]*$";
    public const string DeploymentItemNamePattern = @"^[\p{L}\p{N}\-_.(),:&@+']{1,64}$";

    [Required]
    [Pattern(ObjectIdPattern)]
    [Description("Atlas project (groupId) of the source cluster: 24 lowercase hexadecimal characters.")]
    public string ProjectId { get; init; } = "";

    [Required]
    [Pattern(ClusterNamePattern)]
    [Length(1, 64)]
    [Description("Name of the cluster whose snapshot is restored.")]
    public string ClusterName { get; init; } = "";

    [Required]
    [Pattern(ObjectIdPattern)]
    [Description("Id of the snapshot to restore: 24 lowercase hexadecimal characters.")]
    public string SnapshotId { get; init; } = "";

    [Required]
    [Pattern(DeploymentItemNamePattern)]
    [Description("Name of the cluster that is overwritten. All its existing data is deleted before the restore.")]
    public string TargetDeploymentItemName { get; init; } = "";

    [Pattern(ObjectIdPattern)]
    [Description("Atlas project of the target cluster; defaults to projectId.")]
    public string? TargetProjectId { get; init; }

    [Description("Secret with the Atlas credentials; when absent the operator's default Secret is used.")]
    public SecretReference? ConnectionSecretRef { get; init; }

    [SchemaDefault("Auto")]
    [Description("Atlas API to use: Auto asks the Flex API first and falls back to the tenant API; Flex or Tenant forces one.")]
    public RestoreApi Api { get; init; } = RestoreApi.Auto;

    [SchemaDefault("Adopt")]
    [Description("Adopt an identical restore job already in Atlas instead of submitting another, or Resubmit regardless.")]
    public ExistingJobPolicy ExistingJobPolicy { get; init; } = ExistingJobPolicy.Adopt;

    /// <summary>The project of the target cluster, as Atlas resolves it.</summary>
    public string EffectiveTargetProjectId => string.IsNullOrEmpty(TargetProjectId) ? ProjectId : TargetProjectId;
}
