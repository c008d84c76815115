using System.Collections.Concurrent;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>
/// A class fixture that collects, from every harness a test class starts, the emulator's journal, the client's log
/// lines and every exception the tests caught. When the class ends it fails if the emulator ever answered 406 (the
/// client's media types must be exactly the ones Atlas demands) or if any secret showed up in a message or log line.
/// </summary>
public sealed class AtlasContractLedger : IDisposable
{
    private readonly ConcurrentQueue<JournalEntry> journal = new();
    private readonly ConcurrentQueue<string> texts = new();
    private readonly ConcurrentDictionary<string, byte> secrets = new(StringComparer.Ordinal);

    public AtlasContractLedger()
    {
        AddSecret(DemoSeed.PrivateKey);
        AddSecret(DemoSeed.ClientSecret);
    }

    public void AddSecret(string secret) => secrets.TryAdd(secret, 0);

    public void AddJournal(IEnumerable<JournalEntry> entries)
    {
        foreach (var entry in entries)
        {
            journal.Enqueue(entry);
        }
    }

    /// <summary>Text a user or a log sink could see: exception renderings and log lines.</summary>
    public void AddText(string text) => texts.Enqueue(text);

    /// <summary>Secrets found in any collected text (or in a journal request body), described without the secret itself.</summary>
    public IReadOnlyList<string> Leaks() => LeaksIn(texts.Concat(journal.Select(e => e.RequestBody ?? "")));

    /// <summary>Secrets known to this class found in <paramref name="candidates"/>, described without the secret itself.</summary>
    public IReadOnlyList<string> LeaksIn(IEnumerable<string> candidates) =>
        [.. from secret in secrets.Keys
            from text in candidates
            where text.Contains(secret, StringComparison.Ordinal)
            select $"a secret of length {secret.Length} appears in: {text[..Math.Min(120, text.IndexOf(secret, StringComparison.Ordinal))]}..."];

    public IReadOnlyList<JournalEntry> NotAcceptableAnswers() => [.. journal.Where(e => e.StatusCode == 406)];

    public void Dispose()
    {
        NotAcceptableAnswers().Should().BeEmpty("the client sends exactly the media type each Atlas endpoint demands");
        Leaks().Should().BeEmpty("no private key, client secret or bearer token may reach an exception message or a log line");
        journal.Should().NotBeEmpty("the class ran real calls against the emulator");
    }
}
