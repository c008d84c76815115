using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>Keeps every log line (rendered message, structured values and exception) for assertions.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<CapturedLogEntry> entries = new();

    public IReadOnlyList<CapturedLogEntry> Entries => entries.ToArray();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Select(p => $"{p.Key}={p.Value}").ToList()
            : [];
        entries.Enqueue(new CapturedLogEntry(logLevel, formatter(state, exception), values, exception?.ToString()));
    }
}
