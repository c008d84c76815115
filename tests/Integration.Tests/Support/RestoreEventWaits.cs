using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>Awaits an Event about a restore by following a watch (events are written in the background).</summary>
public static class RestoreEventWaits
{
    public static async Task<Corev1Event> WaitForEventAsync(this RestoreEnvironment environment, string name, string reason, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? AtlasJournalWaits.SafetyNet);
        bool Matches(Corev1Event e) => e.InvolvedObject?.Name == name && e.Reason == reason;
        try
        {
            while (true)
            {
                var list = await environment.Client.CoreV1.ListNamespacedEventAsync(RestoreEnvironment.Namespace, cancellationToken: cancel.Token);
                if (list.Items.FirstOrDefault(Matches) is { } existing)
                {
                    return existing;
                }

                var changes = environment.Client.CoreV1.WatchListNamespacedEventAsync(
                    RestoreEnvironment.Namespace, resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 60, cancellationToken: cancel.Token);
                await foreach (var (type, change) in changes.WithCancellation(cancel.Token))
                {
                    if (type is WatchEventType.Added or WatchEventType.Modified && Matches(change))
                    {
                        return change;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            var seen = await environment.EventsOfAsync(name);
            throw new TimeoutException($"no {reason} event about {name}; seen: {string.Join(", ", seen.Select(e => e.Reason))}");
        }
    }
}
