using System.Diagnostics.Metrics;
using System.Threading.Channels;
using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class InformerTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TimerObservingTimeProvider _time = new();
    private readonly ScriptedListWatcher _source = new();
    private readonly Channel<ObjectKey> _changes = Channel.CreateUnbounded<ObjectKey>();
    private readonly CancellationTokenSource _stop = new();
    private readonly RuntimeMetrics _metrics = new();
    private readonly List<string> _restartReasons = [];
    private readonly MeterListener _listener = new();
    private Informer<TestWidget>? _informer;
    private Task? _run;

    public InformerTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == _metrics.Meter && instrument.Name == "atlas_restore_operator.watch.restarts")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    lock (_restartReasons)
                    {
                        _restartReasons.Add((string)tag.Value!);
                    }
                }
            }
        });
        _listener.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Wait);
        }

        _stop.Dispose();
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task Lists_then_watches_from_the_list_resource_version_and_reports_every_listed_object()
    {
        _source.AnswerList("10", TestWidget.Create("default", "w1", "8"), TestWidget.Create("default", "w2", "9"));
        var informer = Start(new InformerOptions());

        var watch = await _source.NextWatchAsync();

        watch.ResourceVersion.Should().Be("10");
        watch.Namespace.Should().BeNull("an empty namespace list watches all namespaces");
        watch.TimeoutSeconds.Should().BeInRange(300, 600);
        (await NextChangesAsync(2)).Should().BeEquivalentTo([new ObjectKey("default", "w1"), new ObjectKey("default", "w2")]);
        informer.HasSynced.Should().BeTrue();
        informer.Count.Should().Be(2);
    }

    [Fact]
    public async Task Watch_events_update_the_cache_and_report_the_key()
    {
        _source.AnswerList("10");
        var informer = Start(new InformerOptions());
        var watch = await _source.NextWatchAsync();

        watch.Added(TestWidget.Create("ns1", "w1", "11", size: 1));
        (await NextChangeAsync()).Should().Be(new ObjectKey("ns1", "w1"));
        watch.Modified(TestWidget.Create("ns1", "w1", "12", size: 5));
        (await NextChangeAsync()).Should().Be(new ObjectKey("ns1", "w1"));

        informer.TryGet(new ObjectKey("ns1", "w1"), out var cached).Should().BeTrue();
        cached!.Spec!.Size.Should().Be(5);

        watch.Deleted(TestWidget.Create("ns1", "w1", "13", size: 5));
        (await NextChangeAsync()).Should().Be(new ObjectKey("ns1", "w1"));
        informer.TryGet(new ObjectKey("ns1", "w1"), out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_closed_watch_resumes_from_the_last_resource_version_a_bookmark_gave_without_re_listing()
    {
        _source.AnswerList("10");
        Start(new InformerOptions());
        var first = await _source.NextWatchAsync();

        first.Added(TestWidget.Create("default", "w1", "11"));
        await NextChangeAsync();
        first.Bookmark("20");
        first.End();

        var second = await _source.NextWatchAsync();
        second.ResourceVersion.Should().Be("20");
        _source.ListCount.Should().Be(1);
        RestartReasons().Should().Equal("timeout");
    }

    [Fact]
    public async Task An_expired_watch_re_lists_and_reports_additions_changes_and_deletions_but_not_unchanged_objects()
    {
        _source.AnswerList("10",
            TestWidget.Create("default", "kept", "5"),
            TestWidget.Create("default", "changed", "6"),
            TestWidget.Create("default", "gone", "7"));
        var informer = Start(new InformerOptions());
        var watch = await _source.NextWatchAsync();
        await NextChangesAsync(3);

        _source.AnswerList("50",
            TestWidget.Create("default", "kept", "5"),
            TestWidget.Create("default", "changed", "40"),
            TestWidget.Create("default", "new", "45"));
        watch.Expired();

        var relisted = await _source.NextWatchAsync();
        relisted.ResourceVersion.Should().Be("50");
        (await NextChangesAsync(3)).Should().BeEquivalentTo(
            [new ObjectKey("default", "changed"), new ObjectKey("default", "new"), new ObjectKey("default", "gone")]);
        _changes.Reader.TryRead(out _).Should().BeFalse("the unchanged object is not reported again");
        informer.Keys.Should().BeEquivalentTo(
            [new ObjectKey("default", "kept"), new ObjectKey("default", "changed"), new ObjectKey("default", "new")]);
        _source.ListCount.Should().Be(2);
        RestartReasons().Should().Equal("expired");
    }

    [Fact]
    public async Task A_fresh_list_that_expires_again_before_any_event_is_re_listed_only_after_a_backoff()
    {
        _source.AnswerList("10");
        Start(new InformerOptions { ReconnectBaseDelay = TimeSpan.FromSeconds(2), ReconnectMaxDelay = TimeSpan.FromSeconds(30) });
        var first = await _source.NextWatchAsync();
        _source.AnswerList("20");
        first.Expired();
        var second = await _source.NextWatchAsync();
        second.ResourceVersion.Should().Be("20", "the first expiry re-lists at once");

        second.Expired();

        var backoff = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        backoff.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));
        _source.ListCount.Should().Be(2);
        _source.AnswerList("30");
        _time.Advance(backoff);
        (await _source.NextWatchAsync()).ResourceVersion.Should().Be("30");
        _source.ListCount.Should().Be(3);
    }

    [Fact]
    public async Task A_410_answer_to_the_watch_request_also_re_lists()
    {
        _source.AnswerList("10", TestWidget.Create("default", "w1", "5"));
        var informer = Start(new InformerOptions());
        var watch = await _source.NextWatchAsync();
        await NextChangeAsync();

        _source.AnswerList("60");
        watch.Fail(new ResourceExpiredException("410"));

        (await _source.NextWatchAsync()).ResourceVersion.Should().Be("60");
        (await NextChangeAsync()).Should().Be(new ObjectKey("default", "w1"));
        informer.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_failed_watch_reconnects_from_the_same_resource_version_only_after_a_backoff()
    {
        _source.AnswerList("10");
        Start(new InformerOptions { ReconnectBaseDelay = TimeSpan.FromSeconds(4), ReconnectMaxDelay = TimeSpan.FromSeconds(30) });
        var watch = await _source.NextWatchAsync();

        watch.Fail(new HttpRequestException("connection reset"));

        var backoff = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        backoff.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(4));
        _time.Advance(backoff - TimeSpan.FromMilliseconds(1));
        _source.HasPendingWatch.Should().BeFalse("the reconnect waits for the backoff");

        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await _source.NextWatchAsync()).ResourceVersion.Should().Be("10");
        _source.ListCount.Should().Be(1);
        RestartReasons().Should().Equal("error");
    }

    [Fact]
    public void Consecutive_failures_back_off_longer()
    {
        var informer = new Informer<TestWidget>(
            _source, new InformerOptions { ReconnectBaseDelay = TimeSpan.FromSeconds(1), ReconnectMaxDelay = TimeSpan.FromSeconds(10) },
            _time, NullLogger.Instance, null, new Random(7));

        var delays = Enumerable.Range(0, 6).Select(informer.ReconnectDelay).ToList();

        delays[0].Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.5)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(1));
        delays[2].Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(4));
        delays[5].Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_failed_list_is_retried_after_a_backoff()
    {
        _source.FailList(new HttpRequestException("API server unavailable"));
        var informer = Start(new InformerOptions());
        await _source.NextListAsync();

        var backoff = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        informer.HasSynced.Should().BeFalse();
        _source.AnswerList("10", TestWidget.Create("default", "w1", "3"));
        _time.Advance(backoff);

        (await _source.NextWatchAsync()).ResourceVersion.Should().Be("10");
        informer.HasSynced.Should().BeTrue();
    }

    [Fact]
    public async Task A_watch_silent_for_longer_than_the_threshold_shows_unhealthy_and_is_restarted()
    {
        _source.AnswerList("10");
        var staleAfter = TimeSpan.FromMinutes(20);
        var informer = Start(new InformerOptions { StaleAfter = staleAfter });
        var stuck = await _source.NextWatchAsync();
        informer.IsHealthy().Should().BeTrue();

        _time.Advance(TimeSpan.FromMinutes(19));
        informer.IsHealthy().Should().BeTrue();
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        informer.IsHealthy().Should().BeFalse("no event or bookmark arrived for longer than the threshold");
        informer.LastEventAt.Should().Be(_time.Start);

        var backoff = await _time.WaitForTimerAsync(TimeSpan.FromSeconds(30));
        _time.Advance(backoff);
        var fresh = await _source.NextWatchAsync();
        fresh.ResourceVersion.Should().Be("10");
        fresh.Bookmark("11");
        fresh.End();

        (await _source.NextWatchAsync()).ResourceVersion.Should().Be("11");
        informer.IsHealthy().Should().BeTrue("the restarted watch delivered a bookmark");
        stuck.Should().NotBeSameAs(fresh);
    }

    [Fact]
    public async Task Several_namespaces_get_one_list_and_watch_each_and_a_re_list_only_touches_its_namespace()
    {
        _source.AnswerList("10", TestWidget.Create("a", "w1", "5"));
        _source.AnswerList("10", TestWidget.Create("b", "w2", "6"));
        var informer = Start(new InformerOptions { Namespaces = ["a", "b"] });

        var watches = new[] { await _source.NextWatchAsync(), await _source.NextWatchAsync() };
        watches.Select(w => w.Namespace).Should().BeEquivalentTo(["a", "b"]);
        await NextChangesAsync(2);
        informer.HasSynced.Should().BeTrue();

        _source.AnswerList("20");
        watches.Single(w => w.Namespace == "a").Expired();

        (await _source.NextWatchAsync()).Namespace.Should().Be("a");
        (await NextChangeAsync()).Should().Be(new ObjectKey("a", "w1"));
        informer.Keys.Should().Equal(new ObjectKey("b", "w2"));
    }

    [Fact]
    public async Task Stopping_ends_the_run_and_a_stopped_informer_reports_healthy()
    {
        _source.AnswerList("10");
        var informer = Start(new InformerOptions());
        await _source.NextWatchAsync();

        await _stop.CancelAsync();
        await _run!.WaitAsync(Wait);

        informer.LastEventAt.Should().BeNull();
        informer.IsHealthy().Should().BeTrue();
        informer.HasSynced.Should().BeFalse();
    }

    private Informer<TestWidget> Start(InformerOptions options)
    {
        _informer = new Informer<TestWidget>(_source, options, _time, NullLogger.Instance, _metrics, new Random(42));
        _informer.Changed += key => _changes.Writer.TryWrite(key);
        _run = _informer.RunAsync(_stop.Token);
        return _informer;
    }

    private Task<ObjectKey> NextChangeAsync() => _changes.Reader.ReadAsync().AsTask().WaitAsync(Wait);

    private async Task<List<ObjectKey>> NextChangesAsync(int count)
    {
        var keys = new List<ObjectKey>();
        for (var i = 0; i < count; i++)
        {
            keys.Add(await NextChangeAsync());
        }

        return keys;
    }

    private List<string> RestartReasons()
    {
        lock (_restartReasons)
        {
            return [.. _restartReasons];
        }
    }
}
