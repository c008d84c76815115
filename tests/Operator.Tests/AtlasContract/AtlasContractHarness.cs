using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Tests.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>
/// The real <see cref="AtlasClient"/> talking HTTP to the real <see cref="AtlasEmulator"/> on 127.0.0.1:0, both on one
/// <see cref="ContractClock"/>. On dispose it hands the journal, log lines, caught exceptions and seen tokens to the
/// class's <see cref="AtlasContractLedger"/> and fails the test on a 406 or a leaked secret.
/// </summary>
public sealed class AtlasContractHarness : IAsyncDisposable
{
    public const string ProjectId = DemoSeed.ProjectId;

    private readonly AtlasContractLedger ledger;
    private readonly List<Exception> caught = [];
    private readonly AtlasClientMetrics metrics = new();

    private AtlasContractHarness(AtlasContractLedger ledger, ContractClock clock, AtlasEmulator emulator, AtlasClientOptions clientOptions)
    {
        this.ledger = ledger;
        Clock = clock;
        Emulator = emulator;
        Metrics = new MetricRecorder(metrics);
        Client = new AtlasClient(clientOptions with { BaseUrl = emulator.BaseUrl }, clock, Logger, Wire, metrics);
    }

    public ContractClock Clock { get; }
    public AtlasEmulator Emulator { get; }
    public AtlasClient Client { get; }
    public CapturingLogger<AtlasClient> Logger { get; } = new();
    public WireTap Wire { get; } = new();
    public MetricRecorder Metrics { get; }
    public RequestJournal Journal => Emulator.Journal;
    public AtlasEmulatorState State => Emulator.State;

    public static ApiKeyCredentials ApiKey => new(DemoSeed.PublicKey, DemoSeed.PrivateKey);
    public static ServiceAccountCredentials ServiceAccount => new(DemoSeed.ClientId, DemoSeed.ClientSecret);

    public static AtlasCredentials CredentialsFor(AtlasAuthMode mode) => mode == AtlasAuthMode.ApiKey ? ApiKey : ServiceAccount;

    /// <summary>Starts an emulator on the demo seed and a client with default options, both on a fresh fake clock.</summary>
    public static async Task<AtlasContractHarness> StartAsync(
        AtlasContractLedger ledger,
        Func<AtlasEmulatorOptions, AtlasEmulatorOptions>? emulator = null,
        Func<AtlasClientOptions, AtlasClientOptions>? client = null)
    {
        var clock = new ContractClock();
        var emulatorOptions = new AtlasEmulatorOptions { TimeProvider = clock, Seed = AtlasSeed.Demo };
        var started = await AtlasEmulator.StartAsync(emulator?.Invoke(emulatorOptions) ?? emulatorOptions);
        var clientOptions = new AtlasClientOptions();
        return new AtlasContractHarness(ledger, clock, started, client?.Invoke(clientOptions) ?? clientOptions);
    }

    /// <summary>Runs a call that must fail and returns the <see cref="AtlasApiException"/> a caller would catch.</summary>
    public async Task<AtlasApiException> FailureOf<T>(Func<AtlasClient, Task<T>> call)
    {
        var thrown = await Assert.ThrowsAsync<AtlasApiException>(() => call(Client));
        Remember(thrown);
        return thrown;
    }

    /// <summary>Awaits a call that was started earlier and must fail.</summary>
    public async Task<AtlasApiException> FailureOf<T>(Task<T> started)
    {
        var thrown = await Assert.ThrowsAsync<AtlasApiException>(() => started.WaitAsync(TimeSpan.FromSeconds(30)));
        Remember(thrown);
        return thrown;
    }

    /// <summary>Journal entries of one operation that passed authentication.</summary>
    public IReadOnlyList<JournalEntry> Authenticated(string operation) =>
        [.. Journal.Entries.Where(e => e.Operation == operation && e.Identity is not null)];

    /// <summary>Secrets found so far in this harness's exceptions, log lines or journal.</summary>
    public IReadOnlyList<string> Leaks() => ledger.LeaksIn(Flush());

    /// <summary>
    /// Stops both sides, then fails the test if the emulator ever answered 406 or 415 (the client's media types must be
    /// exactly the ones Atlas demands) or a secret reached an exception message, a log line or the journal.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
        var texts = Flush();
        Wire.Dispose();
        Metrics.Dispose();
        metrics.Dispose();
        Journal.Entries.Where(e => e.StatusCode is 406 or 415).Should().BeEmpty("the client sends exactly the Accept and Content-Type each Atlas endpoint demands");
        ledger.LeaksIn(texts).Should().BeEmpty("no private key, client secret or bearer token may reach an exception message or a log line");
    }

    private void Remember(Exception exception)
    {
        lock (caught)
        {
            caught.Add(exception);
        }
    }

    /// <summary>Hands everything seen so far to the ledger and returns the texts to search for secrets.</summary>
    private List<string> Flush()
    {
        foreach (var token in Wire.BearerTokens)
        {
            ledger.AddSecret(token);
        }
        var texts = new List<string>();
        lock (caught)
        {
            texts.AddRange(caught.Select(e => e.ToString()));
        }
        texts.AddRange(Logger.Entries.Select(e => e.AllText));
        var journal = Journal.Entries;
        texts.AddRange(journal.Select(e => e.RequestBody ?? ""));
        foreach (var text in texts)
        {
            ledger.AddText(text);
        }
        ledger.AddJournal(journal);
        return texts;
    }
}
