using System.ComponentModel;
using AtlasRestoreOperator.Entities.Schema;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Entities;

/// <summary>A declarative, exactly-once restore of an Atlas shared-tier (Flex or former M2/M5) snapshot.</summary>
[Description("Restores an Atlas Flex or former M2/M5 snapshot onto a target cluster, submitting the Atlas restore job exactly once.")]
[CustomResource(Group, Version, KindName, Plural, ShortNames = ["asr"], Categories = ["atlas"])]
[PrinterColumn(0, "Phase", ".status.phase")]
[PrinterColumn(1, "Atlas Status", ".status.job.status")]
[PrinterColumn(2, "Job", ".status.job.id")]
[PrinterColumn(3, "Target", ".spec.targetDeploymentItemName")]
[PrinterColumn(4, "Age", ".metadata.creationTimestamp", "date")]
public sealed record AtlasSharedRestore : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "atlasrestore.io";
    public const string Version = "v1alpha1";
    public const string KindName = "AtlasSharedRestore";
    public const string Plural = "atlassharedrestores";
    public const string ApiVersionValue = Group + "/" + Version;
    public const string Finalizer = "atlasrestore.io/submission";
    public const string ImmutableSpecMessage = "spec is immutable: create a new AtlasSharedRestore to restore again";

    // Settable because KubernetesClient's IKubernetesObject contract asks for it.
    public string ApiVersion { get; set; } = ApiVersionValue;
    public string Kind { get; set; } = KindName;
    public V1ObjectMeta Metadata { get; set; } = new();

    [Required]
    [ValidationRule("self == oldSelf", ImmutableSpecMessage)]
    [Description("What to restore and where; immutable once created.")]
    public AtlasSharedRestoreSpec Spec { get; init; } = new();

    [Description("What the operator observed and did.")]
    public AtlasSharedRestoreStatus? Status { get; init; }
}
