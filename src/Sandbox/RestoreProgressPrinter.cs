using System.Globalization;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Sandbox;

/// <summary>
/// Follows the AtlasSharedRestore objects through a watch and prints a line whenever a restore's phase, Atlas job or
/// job status changes, so a sandbox user sees the protocol move.
/// </summary>
public sealed class RestoreProgressPrinter(KubernetesResourceClient<AtlasSharedRestore> client, TextWriter output)
{
    private readonly Dictionary<ObjectKey, string> lastLine = [];
    private readonly Dictionary<ObjectKey, AtlasSharedRestore> latest = [];
    private readonly Lock gate = new();

    /// <summary>Raised after every change, with the latest view of every restore.</summary>
    public event Action<IReadOnlyDictionary<ObjectKey, AtlasSharedRestore>>? Changed;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await client.ListAsync(null, cancellationToken).ConfigureAwait(false);
                foreach (var item in list.Items)
                {
                    Observe(item);
                }

                await foreach (var change in client.WatchAsync(null, list.ResourceVersion, allowBookmarks: false, timeoutSeconds: 300, cancellationToken)
                                   .ConfigureAwait(false))
                {
                    if (change.Object is { } restore && change.Kind is WatchEventKind.Added or WatchEventKind.Modified)
                    {
                        Observe(restore);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ResourceExpiredException or HttpRequestException or IOException)
            {
                // The watch ends now and then; list again and carry on.
            }
        }
    }

    private void Observe(AtlasSharedRestore restore)
    {
        var key = new ObjectKey(restore.Metadata.NamespaceProperty ?? "", restore.Metadata.Name ?? "");
        var line = Describe(restore);
        Dictionary<ObjectKey, AtlasSharedRestore> snapshot;
        lock (gate)
        {
            latest[key] = restore;
            snapshot = new Dictionary<ObjectKey, AtlasSharedRestore>(latest);
            if (lastLine.TryGetValue(key, out var previous) && previous == line)
            {
                line = null;
            }
            else
            {
                lastLine[key] = line;
            }
        }

        if (line is not null)
        {
            output.WriteLine($"{key,-36} {line}");
        }

        Changed?.Invoke(snapshot);
    }

    private static string Describe(AtlasSharedRestore restore)
    {
        var status = restore.Status;
        if (status?.Phase is not { } phase)
        {
            return "created, waiting for the operator";
        }

        var parts = new List<string> { phase.ToString() };
        if (status.Api is { } api)
        {
            parts.Add($"api {api}");
        }

        if (status.Job is { Id: { } id } job)
        {
            parts.Add($"job {id} {job.Status}{(status.Adopted == true ? " (adopted)" : "")}");
            if (job.RestoreScheduledDate is { } scheduled)
            {
                parts.Add("scheduled " + scheduled.ToString("u", CultureInfo.InvariantCulture));
            }

            if (job.RestoreFinishedDate is { } finished)
            {
                parts.Add("finished " + finished.ToString("u", CultureInfo.InvariantCulture));
            }
        }

        var problem = status.Conditions?.FirstOrDefault(c => c.Type == RestoreCondition.Stalled && c.Status == "True");
        if (problem is not null)
        {
            parts.Add($"{problem.Reason}: {problem.Message}");
        }

        return string.Join(", ", parts);
    }
}
