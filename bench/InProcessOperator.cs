using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtlasRestoreOperator.Bench;

/// <summary>
/// The real <see cref="OperatorHost"/> run inside the bench process, for scenarios that read timings and call counts
/// from the emulators' journals (no process start-up or pipe in the way).
/// </summary>
public sealed class InProcessOperator : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly OperatorHost host;
    private readonly Task run;

    public InProcessOperator(BenchEnvironment environment, TimeSpan pollInitialInterval, TimeSpan pollMaxInterval)
    {
        var options = new OperatorOptions
        {
            KubeconfigPath = environment.KubeconfigPath,
            AtlasBaseUrl = environment.Atlas.BaseUrl,
            DefaultSecret = new ObjectKey(BenchEnvironment.SecretNamespace, BenchEnvironment.SecretName),
            LeaderElect = false,
            InstanceName = "bench",
            HealthBindAddress = "127.0.0.1",
            HealthPort = 0,
            PollInitialInterval = pollInitialInterval,
            PollMaxInterval = pollMaxInterval,
        };
        host = new OperatorHost(new OperatorHostOptions(options), NullLoggerFactory.Instance);
        run = Task.Run(() => host.RunAsync(stop.Token));
    }

    /// <summary>Waits until /readyz answers 200 (the informer has synced).</summary>
    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (run.IsFaulted)
            {
                await run;
            }

            try
            {
                using var response = await http.GetAsync(new Uri(host.HealthUrl, "readyz"), cancel.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                // Health server not started yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), cancel.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }

        await host.DisposeAsync();
        stop.Dispose();
    }
}
