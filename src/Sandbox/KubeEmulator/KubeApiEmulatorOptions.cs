namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>How a <see cref="KubeApiEmulator"/> is started.</summary>
public sealed record KubeApiEmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The clock for timestamps, ages, bookmarks and watch timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many change events a new store keeps for watch replay before clients get 410 Expired.</summary>
    public int WatchHistorySize { get; init; } = 1000;

    /// <summary>The token clients must send as <c>Authorization: Bearer</c>; random by default.</summary>
    public string BearerToken { get; init; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>
    /// Whether requests without an Authorization header are served (as the anonymous user). kubectl never sends the
    /// kubeconfig token to a plain-HTTP server (client-go reads a kubeconfig's user credentials only for TLS servers),
    /// so this defaults to true; a wrong token is always 401. Set false to prove a client sends its token.
    /// </summary>
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>An existing store to serve (a "restart with state kept"); a new one when null.</summary>
    public KubeStore? Store { get; init; }

    /// <summary>Where the emulator logs requests (Debug) and its own failures (Error); nothing is logged when null.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>How often an idle watch with <c>allowWatchBookmarks=true</c> gets a BOOKMARK event.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);
}
