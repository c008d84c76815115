using AtlasRestoreOperator.Entities;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Either the Atlas API to use or why none can be used.</summary>
public sealed record ApiResolution(ResolvedApi? Api, RestoreFailure? Failure);
