using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>
/// A pass-through HTTP proxy on 127.0.0.1 in front of the Kubernetes emulator that records every request the client
/// behind it sends. Only the operator is pointed at it, so the record holds the operator's calls and none of the
/// test's own (creating restores, waiting on them), which go to the emulator directly. Watches are streamed through.
/// </summary>
public sealed class RecordingKubeProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly ConcurrentQueue<RecordedKubeRequest> requests = new();

    private RecordingKubeProxy(WebApplication app, HttpClient upstream)
    {
        this.app = app;
        this.upstream = upstream;
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request answered so far, in the order the answers started.</summary>
    public IReadOnlyList<RecordedKubeRequest> Requests => requests.ToArray();

    public static async Task<RecordingKubeProxy> StartAsync(Uri upstreamBaseUrl)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        // No timeout: watches stay open until the operator or the emulator ends them.
        var proxy = new RecordingKubeProxy(app, new HttpClient { BaseAddress = upstreamBaseUrl, Timeout = Timeout.InfiniteTimeSpan });
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.BaseUrl = new Uri($"http://127.0.0.1:{new Uri(bound).Port}/");
        return proxy;
    }

    /// <summary>A kubeconfig that sends a client through this proxy with the emulator's token; returns its path.</summary>
    public string WriteKubeconfig(string path, string bearerToken)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: recorded
              cluster:
                server: {BaseUrl.GetLeftPart(UriPartial.Authority)}
            users:
            - name: recorded
              user:
                token: {bearerToken}
            contexts:
            - name: recorded
              context:
                cluster: recorded
                user: recorded
                namespace: default
            current-context: recorded

            """);
        return path;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        var ct = context.RequestAborted;
        var isWatch = incoming.Query["watch"] is ["true"] or ["1"]
            || (incoming.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Contains("watch");
        using var forward = new HttpRequestMessage(new HttpMethod(incoming.Method), incoming.Path.Value!.TrimStart('/') + incoming.QueryString);
        foreach (var header in incoming.Headers.Where(h => h.Key is "Authorization" or "Accept"))
        {
            forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await incoming.Body.CopyToAsync(body, ct);
            forward.Content = new ByteArrayContent(body.ToArray());
            if (incoming.ContentType is { } contentType)
            {
                forward.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        using var response = await upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, ct);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } responseType)
        {
            context.Response.ContentType = responseType.ToString();
        }

        if (isWatch)
        {
            requests.Enqueue(new RecordedKubeRequest(incoming.Method, incoming.Path.Value!, IsWatch: true, (int)response.StatusCode, null));
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                // Each chunk goes on at once: the watcher must see events as the emulator sends them.
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                await context.Response.Body.FlushAsync(ct);
            }

            return;
        }

        var answer = await response.Content.ReadAsByteArrayAsync(ct);
        var recordedBody = incoming.Method == "GET" ? null : System.Text.Encoding.UTF8.GetString(answer);
        requests.Enqueue(new RecordedKubeRequest(incoming.Method, incoming.Path.Value!, IsWatch: false, (int)response.StatusCode, recordedBody));
        await context.Response.Body.WriteAsync(answer, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
