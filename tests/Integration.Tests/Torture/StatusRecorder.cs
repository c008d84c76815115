using System.Collections.Concurrent;
using System.Text.Json;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>Follows the AtlasSharedRestore watch in the background and keeps every status written, as JSON, for the secrets scan.</summary>
public sealed class StatusRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task run;

    public StatusRecorder(KubernetesResourceClient<AtlasSharedRestore> restores, string @namespace) =>
        run = Task.Run(() => FollowAsync(restores, @namespace, stop.Token));

    public ConcurrentQueue<string> Statuses { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run;
        stop.Dispose();
    }

    private async Task FollowAsync(KubernetesResourceClient<AtlasSharedRestore> restores, string @namespace, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await restores.ListAsync(@namespace, cancellationToken);
                foreach (var item in list.Items)
                {
                    Keep(item);
                }

                await foreach (var change in restores.WatchAsync(@namespace, list.ResourceVersion, allowBookmarks: false, timeoutSeconds: 300, cancellationToken))
                {
                    if (change.Object is { } restore)
                    {
                        Keep(restore);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or ResourceExpiredException or k8s.Autorest.HttpOperationException)
            {
                // The watch broke or expired: list again and keep following (paced, not waiting for any condition).
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Keep(AtlasSharedRestore restore)
    {
        if (restore.Status is { } status)
        {
            Statuses.Enqueue(JsonSerializer.Serialize(status, EntitiesJsonContext.Default.AtlasSharedRestoreStatus));
        }
    }
}
