using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>How a <see cref="RestoreEnvironment"/> is set up; the defaults make an emulated restore take about a second.</summary>
public sealed record RestoreEnvironmentOptions
{
    public AtlasSeed Seed { get; init; } = AtlasSeed.Demo;

    public RestoreJobTimings Timings { get; init; } = new()
    {
        Pending = TimeSpan.FromMilliseconds(300),
        Queued = TimeSpan.FromMilliseconds(300),
        Running = TimeSpan.FromMilliseconds(400),
    };

    /// <summary>Create the default credentials Secret (the demo API key) as default/atlas-credentials.</summary>
    public bool CreateCredentialsSecret { get; init; } = true;

    /// <summary>
    /// An Atlas emulator to use instead of starting one (e.g. a rebuilt cluster talking to the same Atlas); the
    /// environment then neither seeds nor disposes it.
    /// </summary>
    public AtlasEmulator? SharedAtlas { get; init; }
}
