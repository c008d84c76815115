using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>
/// kstatus's verdict on a custom resource, following its rules for kinds it has no built-in reader for, in order:
/// a deletion timestamp is Terminating; a status.observedGeneration other than metadata.generation is InProgress;
/// Reconciling=True is InProgress and Stalled=True is Failed (the first such condition in the list decides); then a
/// Ready condition decides (True is Current, False or Unknown InProgress); with none of these the object is Current.
/// </summary>
public static class Kstatus
{
    public static KstatusStatus Compute(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource["metadata"]?["deletionTimestamp"]?.GetValue<string>() is { Length: > 0 })
        {
            return KstatusStatus.Terminating;
        }

        var generation = resource["metadata"]?["generation"]?.GetValue<long>();
        var observedGeneration = resource["status"]?["observedGeneration"]?.GetValue<long>();
        if (generation is not null && observedGeneration is not null && observedGeneration != generation)
        {
            return KstatusStatus.InProgress;
        }

        var conditions = (resource["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        foreach (var condition in conditions)
        {
            var isTrue = StatusOf(condition) == "True";
            if (isTrue && TypeOf(condition) == "Reconciling")
            {
                return KstatusStatus.InProgress;
            }

            if (isTrue && TypeOf(condition) == "Stalled")
            {
                return KstatusStatus.Failed;
            }
        }

        if (conditions.FirstOrDefault(c => TypeOf(c) == "Ready") is { } ready)
        {
            return StatusOf(ready) switch
            {
                "True" => KstatusStatus.Current,
                "False" or "Unknown" => KstatusStatus.InProgress,
                _ => KstatusStatus.Current,
            };
        }

        return KstatusStatus.Current;
    }

    private static string? TypeOf(JsonObject condition) => condition["type"]?.GetValue<string>();

    private static string? StatusOf(JsonObject condition) => condition["status"]?.GetValue<string>();
}
