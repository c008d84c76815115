using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

public sealed record CapturedLogEntry(LogLevel Level, string Message, IReadOnlyList<string> Values, string? Exception)
{
    /// <summary>Everything this entry would put in a log sink, as one string.</summary>
    public string AllText => string.Join('\n', [Message, .. Values, Exception ?? ""]);
}
