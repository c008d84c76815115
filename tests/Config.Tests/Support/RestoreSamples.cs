using System.Text.Json;
using System.Text.Json.Nodes;
using AtlasRestoreOperator.Entities;
using k8s.Models;

namespace AtlasRestoreOperator.Config.Tests.Support;

/// <summary>AtlasSharedRestore objects as the operator writes them, serialized with the entities' own JSON context.</summary>
internal static class RestoreSamples
{
    public const string JobId = "6a6f78e0cab84da5c4476b30";

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    public static JsonObject Json(AtlasSharedRestoreStatus? status, long generation = 1)
    {
        var restore = new AtlasSharedRestore
        {
            Metadata = new V1ObjectMeta
            {
                Name = "refresh-staging-flex",
                NamespaceProperty = "team-a",
                Generation = generation,
                Uid = "0b7e6a43-7f55-4c8e-9a43-62f0c7d2c1aa",
            },
            Spec = new AtlasSharedRestoreSpec
            {
                ProjectId = "32b6e34b3d91647abb20e7b8",
                ClusterName = "prod-flex",
                SnapshotId = "6a6f78e0cab84da5c4476b25",
                TargetDeploymentItemName = "staging-flex",
            },
            Status = status,
        };

        return JsonSerializer.SerializeToNode(restore, EntitiesJsonContext.Default.AtlasSharedRestore)!.AsObject();
    }

    public static AtlasSharedRestoreStatus Status(
        RestorePhase phase,
        string? jobStatus,
        params RestoreCondition[] conditions) => new()
        {
            Phase = phase,
            Api = ResolvedApi.Flex,
            ObservedGeneration = 1,
            StartTime = Now,
            Job = jobStatus is null ? null : new AtlasRestoreJobStatus
            {
                Id = JobId,
                Status = jobStatus,
                DeliveryType = "RESTORE",
                ProjectId = "32b6e34b3d91647abb20e7b8",
                ClusterName = "prod-flex",
                SnapshotId = "6a6f78e0cab84da5c4476b25",
                TargetDeploymentItemName = "staging-flex",
                RestoreScheduledDate = Now,
            },
            Conditions = conditions,
        };

    public static RestoreCondition Condition(string type, bool isTrue, string reason, string message) => new()
    {
        Type = type,
        Status = isTrue ? "True" : "False",
        ObservedGeneration = 1,
        LastTransitionTime = Now,
        Reason = reason,
        Message = message,
    };
}
