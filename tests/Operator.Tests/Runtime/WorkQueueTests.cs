using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class WorkQueueTests : IDisposable
{
    private static readonly ObjectKey KeyA = new("default", "a");
    private static readonly ObjectKey KeyB = new("default", "b");

    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue _queue;

    public WorkQueueTests()
    {
        _queue = new WorkQueue(_time, new WorkQueueOptions { BackoffBase = TimeSpan.FromSeconds(1), BackoffCap = TimeSpan.FromSeconds(8) });
    }

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task Adding_a_queued_key_again_queues_it_once()
    {
        _queue.Add(KeyA);
        _queue.Add(KeyA);
        _queue.Add(KeyB);

        _queue.Depth.Should().Be(2);
        (await GetAsync()).Should().Be(KeyA);
        (await GetAsync()).Should().Be(KeyB);
        _queue.Depth.Should().Be(0);
    }

    [Fact]
    public async Task A_key_being_processed_is_not_handed_out_again_until_done_and_its_re_add_is_kept()
    {
        _queue.Add(KeyA);
        (await GetAsync()).Should().Be(KeyA);

        _queue.Add(KeyA);
        _queue.Depth.Should().Be(0, "the key is still processing");
        var second = _queue.GetAsync(CancellationToken.None);
        second.IsCompleted.Should().BeFalse();

        _queue.Done(KeyA);

        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(KeyA);
        _queue.ProcessingCount.Should().Be(1);
    }

    [Fact]
    public async Task Done_without_a_re_add_does_not_requeue()
    {
        _queue.Add(KeyA);
        (await GetAsync()).Should().Be(KeyA);
        _queue.Done(KeyA);

        _queue.Depth.Should().Be(0);
        _queue.ProcessingCount.Should().Be(0);
    }

    [Fact]
    public void Delayed_add_keeps_the_earliest_due_time_when_a_later_one_follows()
    {
        _queue.AddAfter(KeyA, TimeSpan.FromSeconds(5));
        _queue.AddAfter(KeyA, TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(4));
        _queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromSeconds(1));
        _queue.Depth.Should().Be(1);
        _queue.DelayedCount.Should().Be(0);
    }

    [Fact]
    public void Delayed_add_keeps_the_earliest_due_time_when_an_earlier_one_follows()
    {
        _queue.AddAfter(KeyA, TimeSpan.FromSeconds(10));
        _queue.AddAfter(KeyA, TimeSpan.FromSeconds(3));

        _time.Advance(TimeSpan.FromSeconds(3));
        _queue.Depth.Should().Be(1);
    }

    [Fact]
    public void Delayed_keys_come_due_in_order_of_their_own_times()
    {
        _queue.AddAfter(KeyA, TimeSpan.FromSeconds(10));
        _queue.AddAfter(KeyB, TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(2));
        _queue.Depth.Should().Be(1);
        _time.Advance(TimeSpan.FromSeconds(8));
        _queue.Depth.Should().Be(2);
    }

    [Fact]
    public async Task Failure_backoff_doubles_per_failure_and_stops_at_the_cap()
    {
        var observed = new List<TimeSpan>();
        for (var failure = 0; failure < 6; failure++)
        {
            _queue.AddRateLimited(KeyA);
            observed.Add(AdvanceUntilQueued());
            (await GetAsync()).Should().Be(KeyA);
            _queue.Done(KeyA);
        }

        observed.Should().Equal(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4),
            TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(8));
        _queue.NumRequeues(KeyA).Should().Be(6);
    }

    [Fact]
    public async Task Forget_resets_the_backoff_to_the_base()
    {
        for (var failure = 0; failure < 3; failure++)
        {
            _queue.AddRateLimited(KeyA);
            AdvanceUntilQueued();
            (await GetAsync()).Should().Be(KeyA);
            _queue.Done(KeyA);
        }

        _queue.Forget(KeyA);
        _queue.AddRateLimited(KeyA);

        AdvanceUntilQueued().Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_key_failing_many_times_is_still_retried_at_the_cap()
    {
        for (var failure = 0; failure < 200; failure++)
        {
            _queue.AddRateLimited(KeyA);
        }

        _time.Advance(TimeSpan.FromSeconds(8));
        _queue.Depth.Should().Be(1, "a key is never dropped, however often it fails");
    }

    [Fact]
    public async Task Shut_down_releases_waiting_consumers_and_ignores_new_keys()
    {
        var waiting = _queue.GetAsync(CancellationToken.None);

        _queue.ShutDown();

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeNull();
        _queue.Add(KeyA);
        _queue.Depth.Should().Be(0);
        (await GetAsync()).Should().BeNull();
    }

    [Fact]
    public async Task A_cancelled_consumer_does_not_swallow_the_next_key()
    {
        using var cancellation = new CancellationTokenSource();
        var cancelled = _queue.GetAsync(cancellation.Token);
        var live = _queue.GetAsync(CancellationToken.None);
        cancellation.Cancel();
        await FluentActions.Awaiting(() => cancelled).Should().ThrowAsync<OperationCanceledException>();

        _queue.Add(KeyA);

        (await live.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(KeyA);
    }

    private Task<ObjectKey?> GetAsync() => _queue.GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Advances the clock a second at a time and returns how long it took for the key to become ready.</summary>
    private TimeSpan AdvanceUntilQueued()
    {
        var waited = TimeSpan.Zero;
        while (_queue.Depth == 0)
        {
            waited.Should().BeLessThan(TimeSpan.FromMinutes(10));
            _time.Advance(TimeSpan.FromSeconds(1));
            waited += TimeSpan.FromSeconds(1);
        }

        return waited;
    }
}
