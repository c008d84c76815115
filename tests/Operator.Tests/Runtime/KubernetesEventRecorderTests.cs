using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class KubernetesEventRecorderTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly EventTarget Widget = new("example.com/v1", "Widget", "default", "w1", "uid-1");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly EventStore _store = new();

    [Fact]
    public async Task Repeats_of_the_same_event_become_one_event_with_a_count_and_the_latest_timestamp()
    {
        await using var stub = await KubernetesApiStub.StartAsync(_store.HandleAsync);
        using var kubernetes = stub.CreateClient();
        await using var recorder = new KubernetesEventRecorder(kubernetes, _time, NullLogger<KubernetesEventRecorder>.Instance);

        recorder.Record(Widget, EventType.Warning, "PreflightFailed", "snapshot s1 is not COMPLETED");
        _time.Advance(TimeSpan.FromMinutes(1));
        recorder.Record(Widget, EventType.Warning, "PreflightFailed", "snapshot s1 is not COMPLETED");
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(Wait);

        var stored = _store.Events.Should().ContainSingle().Subject;
        stored["count"]!.GetValue<int>().Should().Be(2);
        stored["type"]!.GetValue<string>().Should().Be("Warning");
        stored["reason"]!.GetValue<string>().Should().Be("PreflightFailed");
        stored["message"]!.GetValue<string>().Should().Be("snapshot s1 is not COMPLETED");
        stored["firstTimestamp"]!.GetValue<string>().Should().StartWith("2026-01-02T03:04:05");
        stored["lastTimestamp"]!.GetValue<string>().Should().StartWith("2026-01-02T03:05:05");
        stored["reportingComponent"]!.GetValue<string>().Should().Be("atlas-restore-operator");
        stored["involvedObject"]!["kind"]!.GetValue<string>().Should().Be("Widget");
        stored["involvedObject"]!["name"]!.GetValue<string>().Should().Be("w1");
        stored["involvedObject"]!["uid"]!.GetValue<string>().Should().Be("uid-1");
        stub.Requests.Select(r => (r.Method, r.Path)).Should().Equal(
            ("POST", "/api/v1/namespaces/default/events"),
            ("PATCH", $"/api/v1/namespaces/default/events/{stored["metadata"]!["name"]!.GetValue<string>()}"));
        stub.Requests[1].ContentType.Should().StartWith("application/merge-patch+json");
    }

    [Fact]
    public async Task Events_that_differ_in_message_or_reason_are_separate_events()
    {
        await using var stub = await KubernetesApiStub.StartAsync(_store.HandleAsync);
        using var kubernetes = stub.CreateClient();
        await using var recorder = new KubernetesEventRecorder(kubernetes, _time, NullLogger<KubernetesEventRecorder>.Instance);

        recorder.Record(Widget, EventType.Normal, "Submitted", "restore job j1 submitted");
        recorder.Record(Widget, EventType.Normal, "Submitted", "restore job j2 submitted");
        recorder.Record(Widget, EventType.Normal, "Adopted", "restore job j1 submitted");
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(Wait);

        _store.Events.Should().HaveCount(3).And.OnlyContain(e => e["count"]!.GetValue<int>() == 1);
    }

    [Fact]
    public async Task API_errors_never_reach_the_caller_and_later_events_are_still_written()
    {
        await using var stub = await KubernetesApiStub.StartAsync(_store.HandleAsync);
        using var kubernetes = stub.CreateClient();
        await using var recorder = new KubernetesEventRecorder(kubernetes, _time, NullLogger<KubernetesEventRecorder>.Instance);
        _store.FailEverything = true;

        var record = () => recorder.Record(Widget, EventType.Warning, "Failed", "first");
        record.Should().NotThrow();
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(Wait);
        _store.Events.Should().BeEmpty();

        _store.FailEverything = false;
        recorder.Record(Widget, EventType.Normal, "Recovered", "second");
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(Wait);

        _store.Events.Should().ContainSingle().Which["reason"]!.GetValue<string>().Should().Be("Recovered");
    }

    [Fact]
    public async Task An_aggregated_event_that_was_deleted_is_created_again()
    {
        await using var stub = await KubernetesApiStub.StartAsync(async (request, context) =>
        {
            if (request.Method == "PATCH")
            {
                await KubernetesApiStub.WriteJsonAsync(context, 404, KubernetesApiStub.StatusJson(404, "NotFound", "gone"));
                return;
            }

            await _store.HandleAsync(request, context);
        });
        using var kubernetes = stub.CreateClient();
        await using var recorder = new KubernetesEventRecorder(kubernetes, _time, NullLogger<KubernetesEventRecorder>.Instance);

        recorder.Record(Widget, EventType.Normal, "Running", "job running");
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(Wait);
        _time.Advance(TimeSpan.FromSeconds(1));
        recorder.Record(Widget, EventType.Normal, "Running", "job running");
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(Wait);

        stub.Requests.Select(r => r.Method).Should().Equal("POST", "PATCH", "POST");
        _store.Events.Should().HaveCount(2);
    }

    [Fact]
    public async Task Recording_does_not_block_when_the_buffer_is_full()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await KubernetesApiStub.StartAsync(async (request, context) =>
        {
            await release.Task;
            await _store.HandleAsync(request, context);
        });
        using var kubernetes = stub.CreateClient();
        await using var recorder = new KubernetesEventRecorder(
            kubernetes, _time, NullLogger<KubernetesEventRecorder>.Instance, new EventRecorderOptions { Capacity = 2 });

        for (var i = 0; i < 20; i++)
        {
            recorder.Record(Widget, EventType.Normal, "Tick", $"tick {i}");
        }

        release.SetResult();
        await recorder.FlushAsync(CancellationToken.None).WaitAsync(Wait);
        _store.Events.Count.Should().BeInRange(1, 3, "what did not fit in the buffer was dropped instead of blocking");
    }
}
