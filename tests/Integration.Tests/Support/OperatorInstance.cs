using AtlasRestoreOperator.Operator.Hosting;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>One operator running in-process against the emulators; stopping it cancels everything it was doing.</summary>
public sealed class OperatorInstance : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task run;

    public OperatorInstance(OperatorHost host)
    {
        Host = host;
        run = Task.Run(() => host.RunAsync(stop.Token));
    }

    public OperatorHost Host { get; }

    public string Identity => Host.Identity;

    /// <summary>Stops the operator where it stands (in-flight Atlas and Kubernetes calls are abandoned).</summary>
    public async Task StopAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        try
        {
            await run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Host.DisposeAsync();
        stop.Dispose();
    }
}
