namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>
/// A <see cref="FaultKind.Hold"/> rule: the first matching request waits until <see cref="Release"/>, then is
/// processed normally even if its client has gone away meanwhile (the request reached Atlas).
/// </summary>
public sealed class HeldRequest : FaultRule
{
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal HeldRequest(Func<FaultRequest, bool> matches)
        : base(FaultKind.Hold, matches, 1, 1.0)
    {
    }

    /// <summary>Completes when the held request has arrived at the emulator.</summary>
    public Task Arrived => arrived.Task;

    /// <summary>Lets the held request go on.</summary>
    public void Release() => released.TrySetResult();

    internal async Task HoldAsync(CancellationToken cancellationToken)
    {
        arrived.TrySetResult();
        await released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
