using System.Diagnostics.Metrics;
using System.Threading.Channels;
using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class ControllerTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TimerObservingTimeProvider _time = new();
    private readonly ScriptedListWatcher _source = new();
    private readonly ScriptedReconciler _reconciler = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly RuntimeMetrics _metrics = new();
    private Task? _run;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Wait);
        }

        _stop.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task A_listed_object_is_reconciled_and_a_done_result_is_not_requeued()
    {
        _source.AnswerList("10", TestWidget.Create("default", "w1", "5"));
        var controller = Start(maxConcurrent: 4);

        var call = await _reconciler.NextCallAsync();
        call.Key.Should().Be(new ObjectKey("default", "w1"));
        call.Succeed(ReconcileResult.Done);

        await _source.NextWatchAsync();
        _time.Advance(TimeSpan.FromHours(1));
        _reconciler.HasPendingCall.Should().BeFalse();
        controller.Queue.DelayedCount.Should().Be(0);
    }

    [Fact]
    public async Task A_requeue_after_result_reconciles_again_after_that_delay()
    {
        _source.AnswerList("10", TestWidget.Create("default", "w1", "5"));
        var controller = Start(maxConcurrent: 4);

        (await _reconciler.NextCallAsync()).Succeed(ReconcileResult.After(TimeSpan.FromSeconds(30)));
        await WaitForDelayedAsync(controller);

        _time.Advance(TimeSpan.FromSeconds(29));
        _reconciler.HasPendingCall.Should().BeFalse();
        controller.Queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromSeconds(1));

        (await _reconciler.NextCallAsync()).Key.Should().Be(new ObjectKey("default", "w1"));
    }

    [Fact]
    public async Task A_failing_reconcile_is_retried_with_growing_backoff_and_success_resets_it()
    {
        _source.AnswerList("10", TestWidget.Create("default", "w1", "5"));
        var controller = Start(maxConcurrent: 4);
        var key = new ObjectKey("default", "w1");

        (await _reconciler.NextCallAsync()).Fail(new InvalidOperationException("Atlas unavailable"));
        await WaitForDelayedAsync(controller);
        _time.Advance(TimeSpan.FromSeconds(1));

        (await _reconciler.NextCallAsync()).Fail(new InvalidOperationException("Atlas unavailable"));
        await WaitForDelayedAsync(controller);
        _time.Advance(TimeSpan.FromSeconds(1));
        controller.Queue.Depth.Should().Be(0, "the second retry waits 2 s");
        _time.Advance(TimeSpan.FromSeconds(1));

        var third = await _reconciler.NextCallAsync();
        controller.Queue.NumRequeues(key).Should().Be(2);
        third.Succeed(ReconcileResult.Done);

        // After a success the next failure starts again at the base delay.
        var watch = await _source.NextWatchAsync();
        watch.Modified(TestWidget.Create("default", "w1", "6"));
        (await _reconciler.NextCallAsync()).Fail(new InvalidOperationException("Atlas unavailable"));
        await WaitForDelayedAsync(controller);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await _reconciler.NextCallAsync()).Key.Should().Be(key);
    }

    [Fact]
    public async Task Reconciles_run_in_parallel_up_to_the_cap_and_one_key_never_runs_twice_at_once()
    {
        _source.AnswerList("10",
            TestWidget.Create("default", "w1", "1"), TestWidget.Create("default", "w2", "2"), TestWidget.Create("default", "w3", "3"));
        Start(maxConcurrent: 2);

        var first = await _reconciler.NextCallAsync();
        var second = await _reconciler.NextCallAsync();
        _reconciler.HasPendingCall.Should().BeFalse();
        var watch = await _source.NextWatchAsync();

        // A change to a key that is being reconciled must wait for that reconcile to finish.
        watch.Modified(TestWidget.Create(first.Key.Namespace, first.Key.Name, "11"));
        first.Succeed(ReconcileResult.Done);
        var third = await _reconciler.NextCallAsync();
        second.Succeed(ReconcileResult.Done);
        var fourth = await _reconciler.NextCallAsync();
        new[] { third.Key, fourth.Key }.Should().BeEquivalentTo([new ObjectKey("default", "w3"), first.Key]);
        third.Succeed(ReconcileResult.Done);
        fourth.Succeed(ReconcileResult.Done);

        _reconciler.MaxConcurrent.Should().Be(2);
        _reconciler.MaxConcurrentSameKey.Should().Be(1);
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_reconciles_in_flight_and_stops()
    {
        _source.AnswerList("10", TestWidget.Create("default", "w1", "5"));
        Start(maxConcurrent: 4);
        var call = await _reconciler.NextCallAsync();

        await _stop.CancelAsync();

        await _run!.WaitAsync(Wait);
        call.CancellationToken.IsCancellationRequested.Should().BeTrue();
    }

    [Fact]
    public async Task A_second_run_after_a_stop_reconciles_every_object_again()
    {
        _source.AnswerList("10", TestWidget.Create("default", "w1", "5"));
        var controller = Start(maxConcurrent: 1);
        (await _reconciler.NextCallAsync()).Succeed(ReconcileResult.Done);
        await _source.NextWatchAsync();
        await _stop.CancelAsync();
        await _run!.WaitAsync(Wait);

        using var again = new CancellationTokenSource();
        _source.AnswerList("12", TestWidget.Create("default", "w1", "5"));
        var secondRun = controller.RunAsync(again.Token);

        (await _reconciler.NextCallAsync()).Key.Should().Be(new ObjectKey("default", "w1"));
        await again.CancelAsync();
        await secondRun.WaitAsync(Wait);
    }

    [Fact]
    public async Task Reconcile_durations_are_recorded_with_their_result()
    {
        var results = Channel.CreateUnbounded<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == _metrics.Meter && instrument.Name == "atlas_restore_operator.reconcile.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) => results.Writer.TryWrite((string)tags[0].Value!));
        listener.Start();
        _source.AnswerList("10", TestWidget.Create("default", "w1", "5"));
        Start(maxConcurrent: 1);

        (await _reconciler.NextCallAsync()).Fail(new InvalidOperationException("boom"));
        (await results.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Should().Be("error");

        _time.Advance(TimeSpan.FromSeconds(1));
        (await _reconciler.NextCallAsync()).Succeed(ReconcileResult.After(TimeSpan.FromMinutes(1)));
        (await results.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Should().Be("requeue");
    }

    [Fact]
    public void A_concurrency_cap_below_one_is_rejected_with_the_field_name()
    {
        var informer = new Informer<TestWidget>(_source, new InformerOptions(), _time, NullLogger.Instance, null, null);
        using var queue = new WorkQueue(_time);

        var create = () => new Controller<TestWidget>(
            informer, queue, _reconciler, new ControllerOptions { MaxConcurrentReconciles = 0 }, _time,
            NullLogger<Controller<TestWidget>>.Instance);

        create.Should().Throw<ArgumentException>().WithMessage("*MaxConcurrentReconciles*");
    }

    private Controller<TestWidget> Start(int maxConcurrent)
    {
        var informer = new Informer<TestWidget>(_source, new InformerOptions(), _time, NullLogger.Instance, _metrics, new Random(1));
        var queue = new WorkQueue(_time, metrics: _metrics);
        var controller = new Controller<TestWidget>(
            informer, queue, _reconciler, new ControllerOptions { MaxConcurrentReconciles = maxConcurrent }, _time,
            NullLogger<Controller<TestWidget>>.Instance, _metrics);
        _run = controller.RunAsync(_stop.Token);
        return controller;
    }

    /// <summary>Waits until the queue holds a delayed key, i.e. the worker has finished handling the last result.</summary>
    private async Task WaitForDelayedAsync(Controller<TestWidget> controller)
    {
        // The queue's timer is re-armed when a delayed key arrives; the observing clock reports it.
        while (controller.Queue.DelayedCount == 0)
        {
            await _time.WaitForTimerAsync(TimeSpan.FromHours(1));
        }
    }
}
