namespace AtlasRestoreOperator.Operator.Tests.Atlas;

public sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);
