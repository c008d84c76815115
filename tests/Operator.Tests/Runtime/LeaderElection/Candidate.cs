using AtlasRestoreOperator.Operator.Runtime.LeaderElection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Runtime.LeaderElection;

/// <summary>A running <see cref="LeaderElector"/> with its own store connection and a work probe.</summary>
internal sealed class Candidate : IAsyncDisposable
{
    private readonly FakeTimeProvider time;
    private readonly CancellationTokenSource shutdown = new();
    private readonly SemaphoreSlim workStarted = new(0);
    private int workStarts;
    private long workCancelledAtTicks = -1;

    public Candidate(string name, InMemoryLease lease, FakeTimeProvider time)
    {
        this.time = time;
        Store = new InMemoryLeaseStore(lease);
        Elector = new LeaderElector(Store, new LeaderElectionOptions(LeaderElectionOptions.NewIdentity(name)), time, NullLogger<LeaderElector>.Instance);
    }

    public InMemoryLeaseStore Store { get; }

    public LeaderElector Elector { get; }

    public Task Run { get; private set; } = Task.CompletedTask;

    public int WorkStarts => Volatile.Read(ref workStarts);

    /// <summary>Waits until the work has been started <paramref name="count"/> times in all (it runs on its own task).</summary>
    public async Task WaitForWorkStartsAsync(int count)
    {
        while (WorkStarts < count)
        {
            (await workStarted.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue($"the work should have started {count} time(s)");
        }
    }

    /// <summary>The fake time at which the latest work token was cancelled, or null.</summary>
    public DateTimeOffset? WorkCancelledAt
    {
        get
        {
            var ticks = Interlocked.Read(ref workCancelledAtTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public void Start() => Run = Elector.RunAsync(WorkAsync, shutdown.Token);

    public Task ShutdownAsync()
    {
        shutdown.Cancel();
        return Run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Returns once the elector has done everything due at the current fake time and waits for a later one.</summary>
    public async Task SettleAsync()
    {
        if (Run.IsCompleted)
        {
            await Run;
            return;
        }

        var now = time.GetUtcNow();
        var parked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (Elector.ParkedUntil > now)
            {
                parked.TrySetResult();
            }
        }

        Elector.Parked += Check;
        try
        {
            Check();
            await Task.WhenAny(parked.Task, Run).WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Elector.Parked -= Check;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await shutdown.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(10));
        shutdown.Dispose();
        Elector.Dispose();
        workStarted.Dispose();
    }

    private async Task WorkAsync(CancellationToken leadership)
    {
        Interlocked.Increment(ref workStarts);
        Interlocked.Exchange(ref workCancelledAtTicks, -1);
        workStarted.Release();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (leadership.Register(() =>
        {
            Interlocked.Exchange(ref workCancelledAtTicks, time.GetUtcNow().UtcTicks);
            stopped.TrySetResult();
        }))
        {
            await stopped.Task;
        }
    }
}
