using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// The operator's one HTTP port: <c>/healthz</c> (liveness: 200 while every health check passes, else 500 listing
/// the failed ones), <c>/readyz</c> (readiness: 200 while every readiness check passes, else 503; with none
/// registered it is ready as soon as it serves), and Prometheus <c>/metrics</c>, which exports every
/// System.Diagnostics.Metrics meter named by <see cref="HealthServerOptions.MeterNamePrefix"/> (whoever created it,
/// before or after the server started) plus .NET process metrics. Requests are handled by plain middleware, so
/// nothing needs runtime code generation (Native AOT).
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";
    private readonly HealthServerOptions options;
    private readonly ILogger<HealthServer> logger;
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, Func<HealthCheckResult>> healthChecks = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Func<HealthCheckResult>> readinessChecks = new(StringComparer.Ordinal);
    private readonly IDisposable meterAdapter;
    private WebApplication? app;
    private Uri? baseUrl;

    public HealthServer(HealthServerOptions options, ILoggerFactory loggerFactory)
    {
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            throw new ArgumentException($"bind address \"{options.BindAddress}\" is not an IP address", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        this.options = options;
        logger = loggerFactory.CreateLogger<HealthServer>();
        MetricsRegistry = Metrics.NewCustomRegistry();
        DotNetStats.Register(MetricsRegistry);
        meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = MetricsRegistry,
            MetricFactory = Metrics.WithCustomRegistry(MetricsRegistry),
            InstrumentFilterPredicate = instrument => IsExported(instrument.Meter),
        });
    }

    /// <summary>The registry /metrics serves; prometheus-net collectors may be added to it directly.</summary>
    public CollectorRegistry MetricsRegistry { get; }

    /// <summary>The URL the server answers on (port 0 resolved; 127.0.0.1 when bound to all interfaces).</summary>
    public Uri BaseUrl => baseUrl ?? throw new InvalidOperationException("the health server has not been started");

    /// <summary>Adds a liveness check shown on /healthz. Checks run on each request, so keep them cheap.</summary>
    public void AddHealthCheck(string name, Func<HealthCheckResult> check) => Add(healthChecks, name, check);

    /// <summary>Adds a readiness check shown on /readyz.</summary>
    public void AddReadinessCheck(string name, Func<HealthCheckResult> check) => Add(readinessChecks, name, check);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            throw new InvalidOperationException("the health server is already started");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(options.BindAddress), options.Port);
        });

        var built = builder.Build();
        built.Run(HandleAsync);
        await built.StartAsync(cancellationToken).ConfigureAwait(false);
        app = built;

        var address = built.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address).Port;
        var bound = IPAddress.Parse(options.BindAddress);
        var host = bound.Equals(IPAddress.Any) ? "127.0.0.1"
            : bound.Equals(IPAddress.IPv6Any) ? "[::1]"
            : bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound}]"
            : bound.ToString();
        baseUrl = new Uri($"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}/");
        logger.LogInformation("Serving /healthz, /readyz and /metrics on {Address}:{Port}", options.BindAddress, port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is { } running)
        {
            await running.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.DisposeAsync().ConfigureAwait(false);
        }

        meterAdapter.Dispose();
    }

    private bool IsExported(Meter meter) =>
        meter.Name == options.MeterNamePrefix || meter.Name.StartsWith(options.MeterNamePrefix + ".", StringComparison.Ordinal);

    private void Add(SortedDictionary<string, Func<HealthCheckResult>> checks, string name, Func<HealthCheckResult> check)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(check);
        lock (gate)
        {
            if (!checks.TryAdd(name, check))
            {
                throw new ArgumentException($"a check named \"{name}\" is already registered", nameof(name));
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        switch (context.Request.Path.Value)
        {
            case "/healthz":
                await WriteChecksAsync(context, "healthz", healthChecks, StatusCodes.Status500InternalServerError).ConfigureAwait(false);
                break;
            case "/readyz":
                await WriteChecksAsync(context, "readyz", readinessChecks, StatusCodes.Status503ServiceUnavailable).ConfigureAwait(false);
                break;
            case "/metrics":
                context.Response.ContentType = PrometheusContentType;
                await MetricsRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("not found: try /healthz, /readyz or /metrics\n", context.RequestAborted).ConfigureAwait(false);
                break;
        }
    }

    private async Task WriteChecksAsync(HttpContext context, string endpoint, SortedDictionary<string, Func<HealthCheckResult>> checks, int failureStatus)
    {
        KeyValuePair<string, Func<HealthCheckResult>>[] snapshot;
        lock (gate)
        {
            snapshot = [.. checks];
        }

        var failures = new StringBuilder();
        foreach (var (name, check) in snapshot)
        {
            var result = Run(name, check);
            if (!result.IsHealthy)
            {
                failures.Append(CultureInfo.InvariantCulture, $"- {name}: {result.Reason ?? "unhealthy"}\n");
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (failures.Length == 0)
        {
            await context.Response.WriteAsync("ok\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = failureStatus;
        await context.Response.WriteAsync($"{endpoint} check failed:\n{failures}", context.RequestAborted).ConfigureAwait(false);
    }

    private HealthCheckResult Run(string name, Func<HealthCheckResult> check)
    {
        try
        {
            return check();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Health check {Check} threw", name);
            return HealthCheckResult.Unhealthy($"the check threw {e.GetType().Name}");
        }
    }
}
