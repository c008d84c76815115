namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>The paginated list envelope: <c>{links, results, totalCount}</c>.</summary>
internal sealed record PagedBody<T>(IReadOnlyList<LinkBody> Links, IReadOnlyList<T> Results, int? TotalCount);
