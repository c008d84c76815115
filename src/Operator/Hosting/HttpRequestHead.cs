namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// What the health server needs of an HTTP/1.x request: its method (case-sensitive, as HTTP defines it) and the
/// path of its target with any query string dropped, since routing ignores queries.
/// </summary>
internal sealed record HttpRequestHead(string Method, string Path);
