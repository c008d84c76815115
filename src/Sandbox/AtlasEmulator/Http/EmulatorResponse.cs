namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>An answer computed before anything is written, so a fault can still drop it.</summary>
internal sealed record EmulatorResponse(int StatusCode, string? ContentType, byte[] Body, string? ErrorCode)
{
    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public EmulatorResponse WithHeader(string name, string value)
    {
        Headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }
}
