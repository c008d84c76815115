namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>
/// Fault-injection rules, matched by operation name (see <see cref="AtlasOperations"/>) or by predicate, in the order
/// they were added; the first rule with uses left whose probability draw succeeds applies. Faults apply only to
/// requests that authenticated (so a Digest challenge round trip does not use one up).
/// </summary>
public sealed class FaultInjector
{
    private readonly object gate = new();
    private readonly List<FaultRule> rules = [];
    private readonly Random random;

    internal FaultInjector(int randomSeed) => random = new Random(randomSeed);

    /// <summary>Delays matching requests by <paramref name="delay"/> on the emulator's clock; unlimited by default.</summary>
    public FaultRule Latency(string operation, TimeSpan delay, int? times = null, double probability = 1.0) =>
        Latency(ForOperation(operation), delay, times, probability);

    public FaultRule Latency(Func<FaultRequest, bool> matches, TimeSpan delay, int? times = null, double probability = 1.0) =>
        Add(new FaultRule(FaultKind.Latency, matches, times, probability) { Delay = delay });

    /// <summary>Answers matching requests with <paramref name="statusCode"/> (e.g. 500, 503) and an ApiError body.</summary>
    public FaultRule Status(string operation, int statusCode, int? times = 1, double probability = 1.0) =>
        Status(ForOperation(operation), statusCode, times, probability);

    public FaultRule Status(Func<FaultRequest, bool> matches, int statusCode, int? times = 1, double probability = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return Add(new FaultRule(FaultKind.Status, matches, times, probability) { StatusCode = statusCode });
    }

    /// <summary>Aborts matching connections before anything happens.</summary>
    public FaultRule DropConnection(string operation, int? times = 1, double probability = 1.0) =>
        DropConnection(ForOperation(operation), times, probability);

    public FaultRule DropConnection(Func<FaultRequest, bool> matches, int? times = 1, double probability = 1.0) =>
        Add(new FaultRule(FaultKind.DropConnection, matches, times, probability));

    /// <summary>Processes matching requests (a create POST creates its job), then aborts before answering.</summary>
    public FaultRule CreateThenDrop(string operation = AtlasOperations.CreateFlexRestoreJob, int? times = 1, double probability = 1.0) =>
        CreateThenDrop(ForOperation(operation), times, probability);

    public FaultRule CreateThenDrop(Func<FaultRequest, bool> matches, int? times = 1, double probability = 1.0) =>
        Add(new FaultRule(FaultKind.CreateThenDrop, matches, times, probability));

    /// <summary>Holds the next matching request until <see cref="HeldRequest.Release"/>.</summary>
    public HeldRequest Hold(string operation) => Hold(ForOperation(operation));

    public HeldRequest Hold(Func<FaultRequest, bool> matches) => Add(new HeldRequest(matches));

    /// <summary>Removes every rule and releases every held request.</summary>
    public void Clear()
    {
        List<FaultRule> removed;
        lock (gate)
        {
            removed = [.. rules];
            rules.Clear();
        }

        foreach (HeldRequest held in removed.OfType<HeldRequest>())
        {
            held.Release();
        }
    }

    /// <summary>The rule that applies to <paramref name="request"/>, or null.</summary>
    internal FaultRule? Take(FaultRequest request)
    {
        lock (gate)
        {
            foreach (FaultRule rule in rules)
            {
                if (rule.Exhausted || !rule.Matches(request))
                {
                    continue;
                }

                if (rule.Probability < 1.0 && random.NextDouble() >= rule.Probability)
                {
                    continue;
                }

                if (rule.TryUse())
                {
                    return rule;
                }
            }

            return null;
        }
    }

    private T Add<T>(T rule)
        where T : FaultRule
    {
        lock (gate)
        {
            rules.Add(rule);
        }

        return rule;
    }

    private static Func<FaultRequest, bool> ForOperation(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        return request => request.Operation == operation;
    }
}
