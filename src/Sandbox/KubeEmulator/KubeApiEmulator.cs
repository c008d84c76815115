using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1 (plain HTTP/1.1, bearer-token auth) that the real kubectl and
/// KubernetesClient both drive: discovery, OpenAPI v3, built-in kinds, CRDs and their custom resources, watches.
/// </summary>
public sealed class KubeApiEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private KubeApiEmulator(WebApplication app, KubeStore store, KubeFaults faults, Uri baseUrl, string bearerToken)
    {
        _app = app;
        Store = store;
        Faults = faults;
        BaseUrl = baseUrl;
        BearerToken = bearerToken;
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUrl { get; }

    public string BearerToken { get; }

    /// <summary>The cluster state; pass it to a new emulator to restart with the state kept.</summary>
    public KubeStore Store { get; }

    public KubeFaults Faults { get; }

    /// <summary>Raised after each POST, PUT, PATCH or DELETE is answered (benchmarks count writes with it).</summary>
    public event EventHandler<KubeWriteRequest>? WriteAnswered;

    public static async Task<KubeApiEmulator> StartAsync(KubeApiEmulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = options.Store ?? new KubeStore(options.TimeProvider, options.WatchHistorySize);
        var faults = new KubeFaults(store);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();

        var address = "";
        var logger = options.LoggerFactory?.CreateLogger<KubeApiEmulator>() ?? (ILogger)NullLogger.Instance;
        var handler = new KubeApiHandler(store, faults, options, () => address, logger, app.Lifetime.ApplicationStopping);
        KubeApiEmulator? emulator = null;
        app.Run(async context =>
        {
            var received = options.TimeProvider.GetUtcNow();
            await handler.HandleAsync(context);
            if (emulator?.WriteAnswered is { } written && context.Request.Method is "POST" or "PUT" or "PATCH" or "DELETE")
            {
                written(emulator, new KubeWriteRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, received));
            }
        });
        await app.StartAsync(ct);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        address = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        emulator = new KubeApiEmulator(app, store, faults, new Uri($"http://{address}/"), options.BearerToken);
        return emulator;
    }

    /// <summary>Writes a kubeconfig (cluster, user with the token, current context) for this server and returns its path.</summary>
    public string WriteKubeconfig(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var server = BaseUrl.GetLeftPart(UriPartial.Authority);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: emulator
              cluster:
                server: {server}
            users:
            - name: emulator
              user:
                token: {BearerToken}
            contexts:
            - name: emulator
              context:
                cluster: emulator
                user: emulator
                namespace: default
            current-context: emulator

            """);
        return path;
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
