namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>An armed fault: applies to the next <see cref="Remaining"/> requests that match.</summary>
internal sealed class FaultRule(FaultKind kind, int times, Func<KubeRequestInfo, bool> match, TimeSpan delay)
{
    public FaultKind Kind { get; } = kind;

    public TimeSpan Delay { get; } = delay;

    public int Remaining { get; private set; } = times;

    public Func<KubeRequestInfo, bool> Match { get; } = match;

    public bool TryConsume(KubeRequestInfo request)
    {
        if (Remaining <= 0 || !Match(request))
        {
            return false;
        }

        Remaining--;
        return true;
    }
}
