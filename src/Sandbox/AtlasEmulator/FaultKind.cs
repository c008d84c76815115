namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>What an injected fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Waits (on the emulator's TimeProvider), then answers normally.</summary>
    Latency,

    /// <summary>Answers the given status with an ApiError body; nothing is created.</summary>
    Status,

    /// <summary>Aborts the connection before doing anything; nothing is created.</summary>
    DropConnection,

    /// <summary>Does the work (a create POST creates its job), then aborts the connection before answering.</summary>
    CreateThenDrop,

    /// <summary>Holds the request until the test calls <see cref="HeldRequest.Release"/>, then answers normally.</summary>
    Hold,
}
