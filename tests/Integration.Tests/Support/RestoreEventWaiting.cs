using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>
/// Awaits the Events a user would see with <c>kubectl describe asr</c>. The operator writes events from a background
/// buffer, so a status change can be visible before its event; these follow a watch instead of polling.
/// </summary>
public static class RestoreEventWaiting
{
    /// <summary>The first event about the restore with the given reason; the timeout is only a safety net.</summary>
    public static Task<Corev1Event> WaitForEventAsync(this RestoreEnvironment environment, string name, string reason, TimeSpan? timeout = null) =>
        environment.WaitForEventAsync(name, reason, minimumCount: 1, timeout);

    /// <summary>
    /// The first event about the restore with the given reason once it has been recorded at least
    /// <paramref name="minimumCount"/> times (a repeat is aggregated into the same Event); the timeout is only a safety net.
    /// </summary>
    public static async Task<Corev1Event> WaitForEventAsync(
        this RestoreEnvironment environment, string name, string reason, int minimumCount, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        bool IsAbout(Corev1Event item) => item.InvolvedObject?.Name == name && item.Reason == reason && (item.Count ?? 1) >= minimumCount;
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var list = await environment.Client.CoreV1.ListNamespacedEventAsync(RestoreEnvironment.Namespace, cancellationToken: cancel.Token);
                if (list.Items.FirstOrDefault(IsAbout) is { } existing)
                {
                    return existing;
                }

                await foreach (var (type, item) in environment.Client.WatchEventsAsync(RestoreEnvironment.Namespace, list.Metadata.ResourceVersion, cancel.Token))
                {
                    if (type is "ADDED" or "MODIFIED" && IsAbout(item))
                    {
                        return item;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            var seen = await environment.EventsOfAsync(name);
            throw new TimeoutException($"no event {reason} (count {minimumCount} or more) about restore {name}; events seen: " +
                string.Join(", ", seen.Select(e => $"{e.Reason} x{e.Count}: {e.Message}")));
        }
    }
}
