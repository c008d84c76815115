namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>Failure injection for tests: conflicts, server errors and latency on matching requests; dropping open watches.</summary>
public sealed class KubeFaults
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private readonly KubeStore _store;

    internal KubeFaults(KubeStore store) => _store = store;

    /// <summary>The next <paramref name="times"/> matching requests get 409 Conflict (the optimistic-lock message).</summary>
    public void InjectConflict(int times, Func<KubeRequestInfo, bool> match) => Add(FaultKind.Conflict, times, match, TimeSpan.Zero);

    /// <summary>The next <paramref name="times"/> matching requests get 500 InternalError.</summary>
    public void InjectServerError(int times, Func<KubeRequestInfo, bool> match) => Add(FaultKind.InternalError, times, match, TimeSpan.Zero);

    /// <summary>The next <paramref name="times"/> matching requests wait <paramref name="delay"/> (on the emulator's clock) first.</summary>
    public void InjectLatency(int times, TimeSpan delay, Func<KubeRequestInfo, bool> match) => Add(FaultKind.Latency, times, match, delay);

    /// <summary>
    /// Raised when a request takes an armed fault: for latency once the delay has started on the emulator's clock (so a
    /// test can then advance a fake clock past it), for failures just before the error is answered.
    /// </summary>
    public event Action<KubeRequestInfo, FaultKind>? FaultTaken;

    /// <summary>Closes every open watch stream now, as an API server restart or a load balancer would.</summary>
    public void DropAllWatches() => _store.CloseAllWatches();

    /// <summary>Removes every armed fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal IReadOnlyList<FaultRule> Take(KubeRequestInfo request)
    {
        lock (_gate)
        {
            // Every matching latency applies, but a request fails at most once: the first matching failure wins.
            var fired = _rules.Where(r => r.Kind == FaultKind.Latency && r.TryConsume(request)).ToList();
            if (_rules.FirstOrDefault(r => r.Kind != FaultKind.Latency && r.TryConsume(request)) is { } failure)
            {
                fired.Add(failure);
            }

            _rules.RemoveAll(r => r.Remaining <= 0);
            return fired;
        }
    }

    internal void ReportTaken(KubeRequestInfo request, FaultKind kind) => FaultTaken?.Invoke(request, kind);

    private void Add(FaultKind kind, int times, Func<KubeRequestInfo, bool> match, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            _rules.Add(new FaultRule(kind, times, match, delay));
        }
    }
}
