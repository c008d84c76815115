using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Tests.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>
/// The real <see cref="AtlasClient"/> talking HTTP to the real <see cref="AtlasEmulator"/> on 127.0.0.1:0, both on one
/// <see cref="ContractClock"/>. On dispose it hands the journal, log lines, caught exceptions and seen tokens to the
/// class's <see cref="AtlasContractLedger"/>.
/// </summary>
public sealed class AtlasContractHarness : IAsyncDisposable
{
    public const string ProjectId = DemoSeed.ProjectId;

    private readonly AtlasContractLedger ledger;
    private readonly List<Exception> caught = [];

    private AtlasContractHarness(AtlasContractLedger ledger, ContractClock clock, AtlasEmulator emulator, AtlasClientOptions clientOptions)
    {
        this.ledger = ledger;
        Clock = clock;
        Emulator = emulator;
        Client = new AtlasClient(clientOptions with { BaseUrl = emulator.BaseUrl }, clock, Logger, Wire);
    }

    public ContractClock Clock { get; }
    public AtlasEmulator Emulator { get; }
    public AtlasClient Client { get; }
    public CapturingLogger<AtlasClient> Logger { get; } = new();
    public WireTap Wire { get; } = new();
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

    /// <summary>Secrets of this harness found so far in exceptions, log lines or the journal.</summary>
    public IReadOnlyList<string> Leaks()
    {
        Flush();
        return ledger.Leaks();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
        Flush();
        Wire.Dispose();
    }

    private void Remember(Exception exception)
    {
        lock (caught)
        {
            caught.Add(exception);
        }
    }

    private void Flush()
    {
        foreach (var token in Wire.BearerTokens)
        {
            ledger.AddSecret(token);
        }
        lock (caught)
        {
            foreach (var exception in caught)
            {
                ledger.AddText(exception.ToString());
            }
            caught.Clear();
        }
        foreach (var entry in Logger.Entries)
        {
            ledger.AddText(entry.AllText);
        }
        ledger.AddJournal(Journal.Entries);
    }
}
