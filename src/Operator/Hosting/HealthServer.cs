using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// The operator's one HTTP port: <c>/healthz</c> (liveness: 200 while every health check passes, else 500 listing
/// the failed ones), <c>/readyz</c> (readiness: 200 while every readiness check passes, else 503; with none
/// registered it is ready as soon as it serves), and Prometheus <c>/metrics</c>, which exports every
/// System.Diagnostics.Metrics meter named by <see cref="HealthServerOptions.MeterNamePrefix"/> (whoever created it,
/// before or after the server started) plus .NET process metrics. A minimal HTTP/1.1 server on plain sockets
/// answers them (one request per connection, GET and HEAD only): ASP.NET Core would be most of the operator's
/// binary and memory for three GET endpoints. Nothing needs runtime code generation (Native AOT).
/// </summary>
public sealed class HealthServer : IAsyncDisposable
{
    private const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Connections served at once; more wait in the listen backlog, so a flood cannot exhaust memory.</summary>
    private const int MaxConnections = 16;

    /// <summary>Bytes of an unread request body drained before closing, so the close does not reset the response away.</summary>
    private const int MaxDrainBytes = 64 * 1024;

    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    private readonly HealthServerOptions options;
    private readonly ILogger<HealthServer> logger;
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan requestTimeout;
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, Func<HealthCheckResult>> healthChecks = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Func<HealthCheckResult>> readinessChecks = new(StringComparer.Ordinal);
    private readonly IDisposable meterAdapter;
    private readonly SemaphoreSlim connectionSlots = new(MaxConnections, MaxConnections);
    private readonly CancellationTokenSource stopping = new();
    private Socket? listener;
    private Task? acceptLoop;
    private Uri? baseUrl;
    private bool disposed;

    public HealthServer(HealthServerOptions options, ILoggerFactory loggerFactory)
        : this(options, loggerFactory, TimeProvider.System, DefaultRequestTimeout)
    {
    }

    /// <summary>
    /// Tests drive the per-connection deadline (<paramref name="requestTimeout"/> from accept to response sent) with
    /// a fake clock.
    /// </summary>
    internal HealthServer(HealthServerOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider, TimeSpan requestTimeout)
    {
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            throw new ArgumentException($"bind address \"{options.BindAddress}\" is not an IP address", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(requestTimeout, TimeSpan.Zero);
        this.options = options;
        this.timeProvider = timeProvider;
        this.requestTimeout = requestTimeout;
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

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (listener is not null)
        {
            throw new InvalidOperationException("the health server is already started");
        }

        var bound = IPAddress.Parse(options.BindAddress);
        var socket = new Socket(bound.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As Kestrel did: the IPv6 wildcard also accepts IPv4 clients.
            if (bound.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(bound, options.Port));
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        listener = socket;
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var host = bound.Equals(IPAddress.Any) ? "127.0.0.1"
            : bound.Equals(IPAddress.IPv6Any) ? "[::1]"
            : bound.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound}]"
            : bound.ToString();
        baseUrl = new Uri($"http://{host}:{port.ToString(CultureInfo.InvariantCulture)}/");
        acceptLoop = Task.Run(() => AcceptLoopAsync(socket), CancellationToken.None);
        logger.LogInformation("Serving /healthz, /readyz and /metrics on {Address}:{Port}", options.BindAddress, port);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops accepting, drops connections still waiting for a request, and waits (bounded by the token) for the
    /// requests being answered to finish.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (listener is null || acceptLoop is null)
        {
            return;
        }

        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            listener.Dispose();
        }

        await acceptLoop.WaitAsync(cancellationToken).ConfigureAwait(false);

        // Every connection holds a slot until it is closed: holding all of them means none is left. They are
        // given back even when the wait is cancelled, so a later stop (DisposeAsync's) can wait again.
        var held = 0;
        try
        {
            while (held < MaxConnections)
            {
                await connectionSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                held++;
            }
        }
        finally
        {
            if (held > 0)
            {
                connectionSlots.Release(held);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        meterAdapter.Dispose();
        stopping.Dispose();
        connectionSlots.Dispose();
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

    private async Task AcceptLoopAsync(Socket socket)
    {
        var token = stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await connectionSlots.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Socket client;
            try
            {
                client = await socket.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || token.IsCancellationRequested)
            {
                connectionSlots.Release();
                return;
            }
            catch (SocketException e)
            {
                // A client that gave up in the backlog (ECONNABORTED) or a passing resource shortage: neither ends
                // serving, but back off briefly so a persistent error (out of file descriptors) cannot spin a core.
                connectionSlots.Release();
                logger.LogDebug(e, "Accepting a health server connection failed");
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            // Runs synchronously up to its first read, so its deadline is armed before the next accept.
            _ = ServeConnectionAsync(client);
        }
    }

    private async Task ServeConnectionAsync(Socket client)
    {
        using var deadline = new CancellationTokenSource(requestTimeout, timeProvider);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping.Token);
        var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            client.NoDelay = true;
            HttpResponse response;
            var includeBody = true;
            var timedOut = false;
            try
            {
                var head = await HttpRequestReader.ReadHeadAsync(stream, reading.Token).ConfigureAwait(false);
                if (head is null)
                {
                    logger.LogDebug("A health server client closed its connection before sending a request");
                    return;
                }

                includeBody = head.Method != "HEAD";
                response = await RespondAsync(head, deadline.Token).ConfigureAwait(false);
            }
            catch (HttpRequestRejectedException e)
            {
                logger.LogDebug("Refused a health server request with {Status}: {Reason}", e.Status, e.Message);
                response = HttpResponse.Text(e.Status, e.Message + "\n");
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                logger.LogDebug("A health server client did not complete its request within {Timeout}", requestTimeout);
                response = HttpResponse.Text(408, "request timeout\n");
                timedOut = true;
            }

            // Past the deadline only the few bytes of the 408 are left to send, which the socket buffer takes at once.
            var bytes = response.Serialize(includeBody, timeProvider.GetUtcNow());
            await stream.WriteAsync(bytes, timedOut ? CancellationToken.None : deadline.Token).ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Send);
            if (!timedOut)
            {
                await DrainAsync(stream, reading.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, stalled past the deadline, or the server is stopping: nothing left to answer.
            logger.LogDebug(e, "A health server connection ended early");
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Serving a health server connection failed");
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            connectionSlots.Release();
        }
    }

    /// <summary>
    /// Reads what the client still sends (a body this server never wanted) until it closes its side: closing a
    /// socket with unread input sends a reset, which can destroy the response before the client has read it.
    /// </summary>
    private static async Task DrainAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var drained = 0;
        int read;
        while (drained < MaxDrainBytes && (read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            drained += read;
        }
    }

    private async Task<HttpResponse> RespondAsync(HttpRequestHead request, CancellationToken cancellationToken)
    {
        if (request.Method is not ("GET" or "HEAD"))
        {
            return new HttpResponse(405, null, []) { Allow = "GET, HEAD" };
        }

        try
        {
            switch (request.Path)
            {
                case "/healthz":
                    return RunChecks("healthz", healthChecks, 500);
                case "/readyz":
                    return RunChecks("readyz", readinessChecks, 503);
                case "/metrics":
                    using (var body = new MemoryStream())
                    {
                        await MetricsRegistry.CollectAndExportAsTextAsync(body, cancellationToken).ConfigureAwait(false);
                        return new HttpResponse(200, PrometheusContentType, body.ToArray());
                    }

                default:
                    return HttpResponse.Text(404, "not found: try /healthz, /readyz or /metrics\n");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Answering {Path} failed", request.Path);
            return HttpResponse.Text(500, "internal error\n");
        }
    }

    private HttpResponse RunChecks(string endpoint, SortedDictionary<string, Func<HealthCheckResult>> checks, int failureStatus)
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

        var response = failures.Length == 0
            ? HttpResponse.Text(200, "ok\n")
            : HttpResponse.Text(failureStatus, $"{endpoint} check failed:\n{failures}");
        return response with { NoStore = true };
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
