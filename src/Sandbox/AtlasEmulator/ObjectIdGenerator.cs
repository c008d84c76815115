namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>Makes 24-hex ids shaped like Atlas's (seconds since the epoch, then a counter), unique per emulator.</summary>
internal sealed class ObjectIdGenerator(TimeProvider timeProvider)
{
    private long counter = 0x00a1b2c3d4e5f600;

    public string Next()
    {
        long sequence = Interlocked.Increment(ref counter);
        uint seconds = (uint)Math.Max(0, timeProvider.GetUtcNow().ToUnixTimeSeconds());
        return seconds.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)
            + sequence.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
