namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>
/// An item in the event recorder's buffer: an event to write, or (with <see cref="Flushed"/> set) a marker that
/// completes once everything queued before it has been written.
/// </summary>
internal sealed record PendingEvent(
    EventTarget? Target, EventType Type, string Reason, string Message, DateTimeOffset At, TaskCompletionSource? Flushed);
