namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>One write request (POST, PUT, PATCH or DELETE) the emulator answered; <see cref="Time"/> is when it arrived.</summary>
public sealed record KubeWriteRequest(string Method, string Path, int StatusCode, DateTimeOffset Time);
