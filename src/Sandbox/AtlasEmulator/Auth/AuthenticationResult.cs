namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;

/// <summary>The caller, or why there is none (<see cref="Stale"/>: a known but expired Digest nonce).</summary>
internal sealed record AuthenticationResult(Caller? Caller, bool Stale)
{
    public static AuthenticationResult Failed { get; } = new(null, false);
}
