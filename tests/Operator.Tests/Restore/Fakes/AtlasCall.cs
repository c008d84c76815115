using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

/// <summary>One call the reconciler made to the fake Atlas.</summary>
internal sealed record AtlasCall(string Operation, AtlasApiFamily? Family, string GroupId, string Name);
