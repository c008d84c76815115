using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>A stub server, a fake clock, a capturing logger, metrics and an <see cref="AtlasClient"/> pointed at the stub.</summary>
public sealed class AtlasClientHarness : IAsyncDisposable
{
    public const string GroupId = "32b6e34b3d91647abb20e7b8";

    private readonly AtlasClientMetrics metrics;

    private AtlasClientHarness(AtlasStubServer server, AtlasClientOptions options)
    {
        Server = server;
        metrics = new AtlasClientMetrics();
        Metrics = new MetricRecorder(metrics);
        Client = new AtlasClient(options, Time, Logger, metrics: metrics);
    }

    public AtlasStubServer Server { get; }
    public ObservableFakeTimeProvider Time { get; } = new();
    public CapturingLogger<AtlasClient> Logger { get; } = new();
    public MetricRecorder Metrics { get; }
    public AtlasClient Client { get; }

    public static ApiKeyCredentials ApiKey => new(AtlasStubServer.PublicKey, AtlasStubServer.PrivateKey);
    public static ServiceAccountCredentials ServiceAccount => new(AtlasStubServer.ClientId, AtlasStubServer.ClientSecret);

    /// <summary>Starts the stub and a client; by default backoff is zero so retries need no clock advance.</summary>
    public static async Task<AtlasClientHarness> StartAsync(Func<AtlasClientOptions, AtlasClientOptions>? configure = null)
    {
        var server = await AtlasStubServer.StartAsync();
        var options = new AtlasClientOptions
        {
            BaseUrl = server.BaseUrl,
            RetryBaseDelay = TimeSpan.Zero,
            RetryMaxDelay = TimeSpan.Zero,
        };
        return new AtlasClientHarness(server, configure?.Invoke(options) ?? options);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Metrics.Dispose();
        metrics.Dispose();
        await Server.DisposeAsync();
    }
}
