namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>The result of scanning log lines, events and statuses for secret values.</summary>
public sealed record SecretScan
{
    public SecretScan(IReadOnlyList<string> logLines, IReadOnlyList<string> events, IReadOnlyList<string> statuses, IReadOnlyList<string> secrets)
    {
        LogLines = logLines.Count;
        Events = events.Count;
        Statuses = statuses.Count;
        Leaks = logLines.Select(l => ("log", l)).Concat(events.Select(e => ("event", e))).Concat(statuses.Select(s => ("status", s)))
            .Where(item => secrets.Any(secret => item.Item2.Contains(secret, StringComparison.Ordinal)))
            .Select(item => $"{item.Item1}: {secrets.Aggregate(item.Item2, (text, secret) => text.Replace(secret, "<secret>", StringComparison.Ordinal))}")
            .ToList();
    }

    public int LogLines { get; }

    public int Events { get; }

    public int Statuses { get; }

    /// <summary>The scanned texts that contain a secret (never expected to be non-empty).</summary>
    public IReadOnlyList<string> Leaks { get; }

    public override string ToString() => $"{LogLines} log lines, {Events} events, {Statuses} statuses scanned; {Leaks.Count} contained a secret";
}
