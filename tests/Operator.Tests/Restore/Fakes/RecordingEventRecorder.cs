using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

/// <summary>Keeps every event, in order.</summary>
internal sealed class RecordingEventRecorder : IEventRecorder
{
    private readonly List<RecordedEvent> events = [];

    public IReadOnlyList<RecordedEvent> Events => events;

    public IEnumerable<string> Reasons => events.Select(e => e.Reason);

    public void Record(EventTarget target, EventType type, string reason, string message) => events.Add(new RecordedEvent(target, type, reason, message));
}
