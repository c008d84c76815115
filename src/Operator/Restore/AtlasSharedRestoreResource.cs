using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>How the generic runtime addresses and (de)serializes AtlasSharedRestore objects.</summary>
public static class AtlasSharedRestoreResource
{
    public static ResourceType<AtlasSharedRestore> Type { get; } = new(
        AtlasSharedRestore.Group,
        AtlasSharedRestore.Version,
        AtlasSharedRestore.Plural,
        AtlasSharedRestore.KindName,
        EntitiesJsonContext.Default.AtlasSharedRestore);
}
