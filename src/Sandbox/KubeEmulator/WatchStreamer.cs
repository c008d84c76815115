using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// Serves one watch: replays history after the requested resourceVersion (or the current state for ""/"0"), then live
/// events, one JSON event per line flushed at once; BOOKMARKs on the clock and at the timeout; 410 Expired as an ERROR event.
/// </summary>
internal sealed class WatchStreamer(KubeStore store, TimeProvider timeProvider, TimeSpan bookmarkInterval)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public async Task StreamAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, string? @namespace, CancellationToken stopping)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], definition);
        var rvText = query["resourceVersion"].ToString();
        long? from = null;
        if (rvText.Length > 0 && rvText != "0")
        {
            from = long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw StatusBodies.BadRequest($"resourceVersion: Invalid value: {GoFormat.Quote(rvText)}: must be a non-negative integer");
        }

        var bookmarks = query["allowWatchBookmarks"] == "true";
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;
        var table = HttpResponses.WantsTable(context)
            ? new TableWriter(definition, version, timeProvider, query["includeObject"].ToString())
            : null;
        var apiVersion = definition.ApiVersion(version.Name);

        var subscription = store.Subscribe(definition, @namespace, from);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(stopping);
        // Clients return from Watch() only once the headers arrive, so send them before the first event.
        await context.Response.Body.FlushAsync(stopping);

        if (subscription.ExpiredFloor is { } floor)
        {
            await WriteLineAsync(context, new JsonObject { ["type"] = "ERROR", ["object"] = StatusBodies.Expired(from ?? 0, floor) }, stopping);
            return;
        }

        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        // The timeout only ends the wait for more events: an event being written is finished, never cut off.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ended.Token, timeoutSource.Token);
        using var bookmarkTimer = bookmarks
            ? timeProvider.CreateTimer(_ => store.RequestBookmark(subscription), null, bookmarkInterval, bookmarkInterval)
            : null;
        // Only now, with both timers running, may a test advance the clock and expect them to fire.
        store.RaiseWatchOpened(definition.Key);
        var lastRv = from ?? 0;
        var firstTableEvent = true;

        async Task<bool> DeliverAsync(WatchSignal signal, CancellationToken token)
        {
            if (signal.Event is not { } e)
            {
                if (bookmarks)
                {
                    lastRv = Math.Max(lastRv, signal.BookmarkResourceVersion);
                    var rv = lastRv.ToString(CultureInfo.InvariantCulture);
                    JsonNode bookmark = table is not null
                        ? table.Build([], rv, null, withColumns: false)
                        : new JsonObject { ["kind"] = definition.Kind, ["apiVersion"] = apiVersion, ["metadata"] = new JsonObject { ["resourceVersion"] = rv } };
                    await WriteLineAsync(context, new JsonObject { ["type"] = "BOOKMARK", ["object"] = bookmark }, token);
                }

                return true;
            }

            lastRv = Math.Max(lastRv, e.ResourceVersion);
            bool Selected(JsonObject? o) => o is not null && labels.Matches(o) && fields.Matches(o);
            var type = e.Type switch
            {
                ChangeType.Added => Selected(e.Object) ? "ADDED" : null,
                ChangeType.Deleted => Selected(e.Object) || Selected(e.OldObject) ? "DELETED" : null,
                _ => (Selected(e.Object), Selected(e.OldObject)) switch
                {
                    (true, true) => "MODIFIED",
                    (true, false) => "ADDED",
                    (false, true) => "DELETED",
                    _ => null,
                },
            };
            if (type is null)
            {
                return false;
            }

            var obj = e.Object.DeepClone().AsObject();
            obj["apiVersion"] = apiVersion;
            obj["kind"] = definition.Kind;
            JsonNode payload = obj;
            if (table is not null)
            {
                payload = table.Build([obj], KubeObject.ResourceVersion(obj) ?? "", null, withColumns: firstTableEvent);
                firstTableEvent = false;
            }

            await WriteLineAsync(context, new JsonObject { ["type"] = type, ["object"] = payload }, token);
            return true;
        }

        try
        {
            while (await subscription.Reader.WaitToReadAsync(waiting.Token))
            {
                while (subscription.Reader.TryRead(out var signal))
                {
                    await DeliverAsync(signal, ended.Token);
                }
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            // The watch timed out: deliver what is already queued, then a last bookmark so the client resumes from here.
            store.RequestBookmark(subscription);
            while (subscription.Reader.TryRead(out var signal))
            {
                await DeliverAsync(signal, context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server is stopping: nothing more to send.
        }
        finally
        {
            store.Unsubscribe(subscription);
        }
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject watchEvent, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(HttpResponses.Serialize(watchEvent), cancellationToken);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
