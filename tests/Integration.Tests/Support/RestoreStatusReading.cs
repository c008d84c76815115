using AtlasRestoreOperator.Entities;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>Reads what <c>kubectl get asr -o yaml</c> shows, for short assertions.</summary>
public static class RestoreStatusReading
{
    /// <summary>The condition of the given type; a test fails with the type named when it is missing.</summary>
    public static RestoreCondition Condition(this AtlasSharedRestore restore, string type)
    {
        ArgumentNullException.ThrowIfNull(restore);
        var condition = restore.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
        condition.Should().NotBeNull("status.conditions of {0} should hold {1}", restore.Metadata.Name, type);
        return condition!;
    }

    /// <summary>True when the condition of the given type has the given status.</summary>
    public static bool Has(this AtlasSharedRestore restore, string type, string status) =>
        restore?.Status?.Conditions?.Any(c => c.Type == type && c.Status == status) == true;

    public static bool IsTerminal(this AtlasSharedRestore restore) =>
        restore?.Status?.Phase is RestorePhase.Completed or RestorePhase.Failed;
}
