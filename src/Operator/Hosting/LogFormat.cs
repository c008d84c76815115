namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>How console logs are written: one readable line per entry, or one JSON object per line.</summary>
public enum LogFormat
{
    Text,
    Json,
}
