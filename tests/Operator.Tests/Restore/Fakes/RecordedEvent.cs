using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

internal sealed record RecordedEvent(EventTarget Target, EventType Type, string Reason, string Message);
