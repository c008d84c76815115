using System.Collections.Concurrent;
using System.Threading.Channels;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>
/// A reconciler whose every call is published to the test, which then completes it with a result or an exception.
/// It tracks how many calls run at once, overall and per key.
/// </summary>
public sealed class ScriptedReconciler : IReconciler
{
    private readonly Channel<ReconcileCall> _calls = Channel.CreateUnbounded<ReconcileCall>();
    private readonly ConcurrentDictionary<ObjectKey, int> _runningPerKey = new();
    private int _running;
    private int _maxRunning;
    private int _maxRunningSameKey;

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public int MaxConcurrentSameKey => Volatile.Read(ref _maxRunningSameKey);

    public Task<ReconcileCall> NextCallAsync() => _calls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool HasPendingCall => _calls.Reader.Count > 0;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        var sameKey = _runningPerKey.AddOrUpdate(key, 1, (_, count) => count + 1);
        InterlockedMax(ref _maxRunningSameKey, sameKey);
        try
        {
            var call = new ReconcileCall(key, cancellationToken);
            _calls.Writer.TryWrite(call);
            return await call.Outcome.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _runningPerKey.AddOrUpdate(key, 0, (_, count) => count - 1);
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
