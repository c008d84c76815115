using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// Writes core/v1 Events without blocking or throwing: <see cref="Record"/> only enqueues into a bounded buffer that a
/// background loop drains. Repeats of the same (target, type, reason, message) update the one Event already written
/// (<c>count</c> and <c>lastTimestamp</c>) instead of creating another. API errors are logged and the event dropped.
/// </summary>
public sealed class KubernetesEventRecorder : IEventRecorder, IAsyncDisposable
{
    private readonly IKubernetes _kubernetes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly EventRecorderOptions _options;
    private readonly Channel<PendingEvent> _buffer;
    private readonly Dictionary<EventSeriesKey, EventSeries> _series = [];
    private readonly Task _drain;

    public KubernetesEventRecorder(
        IKubernetes kubernetes, TimeProvider timeProvider, ILogger<KubernetesEventRecorder> logger, EventRecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _kubernetes = kubernetes;
        _timeProvider = timeProvider;
        _logger = logger;
        _options = options ?? new EventRecorderOptions();
        if (_options.Capacity < 1 || _options.MaxRememberedSeries < 1)
        {
            throw new ArgumentException("Capacity and MaxRememberedSeries must be at least 1.", nameof(options));
        }

        _buffer = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(_options.Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _drain = Task.Run(DrainAsync);
    }

    public void Record(EventTarget target, EventType type, string reason, string message)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(target);
            var pending = new PendingEvent(target, type, reason ?? string.Empty, message ?? string.Empty, _timeProvider.GetUtcNow(), null);
            if (!_buffer.Writer.TryWrite(pending))
            {
                _logger.LogWarning(
                    "Event {Reason} for {Kind} {Namespace}/{Name} dropped: the event buffer is full or closed",
                    reason, target.Kind, target.Namespace, target.Name);
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Event {Reason} could not be recorded", reason);
        }
    }

    /// <summary>Completes once every event recorded before the call has been written (or dropped after an error).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _buffer.Writer.WriteAsync(
                new PendingEvent(null, EventType.Normal, string.Empty, string.Empty, default, flushed), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            await _drain.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await flushed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting events and waits for the buffered ones to be written.</summary>
    public async ValueTask DisposeAsync()
    {
        _buffer.Writer.TryComplete();
        await _drain.ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        await foreach (var pending in _buffer.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (pending.Flushed is { } flushed)
            {
                flushed.TrySetResult();
                continue;
            }

            try
            {
                using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
                await WriteAsync(pending, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(
                    ex, "Event {Reason} for {Kind} {Namespace}/{Name} could not be written; dropped",
                    pending.Reason, pending.Target!.Kind, pending.Target.Namespace, pending.Target.Name);
            }
        }
    }

    private async Task WriteAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var target = pending.Target!;
        var seriesKey = new EventSeriesKey(target, pending.Type, pending.Reason, pending.Message);
        if (_series.TryGetValue(seriesKey, out var series))
        {
            var count = series.Count + 1;
            if (await TryPatchCountAsync(series, count, pending.At, cancellationToken).ConfigureAwait(false))
            {
                _series[seriesKey] = series with { Count = count };
                return;
            }

            // The Event is gone (expired by the server's TTL or deleted): start a new one.
            _series.Remove(seriesKey);
        }

        var created = await CreateAsync(pending, cancellationToken).ConfigureAwait(false);
        if (_series.Count >= _options.MaxRememberedSeries)
        {
            // Forgetting only costs aggregation (a new Event instead of a count bump), never an event.
            _series.Clear();
        }

        _series[seriesKey] = created;
    }

    private async Task<bool> TryPatchCountAsync(EventSeries series, int count, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["count"] = count,
            ["lastTimestamp"] = FormatTimestamp(at),
        };
        try
        {
            using var response = await _kubernetes.CoreV1.PatchNamespacedEventWithHttpMessagesAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), series.EventName, series.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<EventSeries> CreateAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var target = pending.Target!;
        var at = pending.At.UtcDateTime;

        // Like client-go: the object's name plus a unique hex suffix from the clock.
        var name = string.Create(CultureInfo.InvariantCulture, $"{target.Name}.{pending.At.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}");
        var body = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = target.Namespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = target.ApiVersion,
                Kind = target.Kind,
                NamespaceProperty = target.Namespace,
                Name = target.Name,
                Uid = target.Uid,
            },
            Type = pending.Type == EventType.Warning ? "Warning" : "Normal",
            Reason = pending.Reason,
            Message = pending.Message,
            Count = 1,
            FirstTimestamp = at,
            LastTimestamp = at,
            Source = new V1EventSource { Component = _options.ReportingComponent, Host = _options.ReportingInstance },
            ReportingComponent = _options.ReportingComponent,
            ReportingInstance = _options.ReportingInstance,
        };
        using var response = await _kubernetes.CoreV1.CreateNamespacedEventWithHttpMessagesAsync(body, target.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new EventSeries(target.Namespace, response.Body?.Metadata?.Name ?? name, 1);
    }

    private static string FormatTimestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
