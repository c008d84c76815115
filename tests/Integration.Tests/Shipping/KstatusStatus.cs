namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>The verdicts kstatus (sigs.k8s.io/cli-utils/pkg/kstatus) gives an object; Flux's <c>wait: true</c> acts on them.</summary>
public enum KstatusStatus
{
    InProgress,
    Failed,
    Current,
    Terminating,
}
