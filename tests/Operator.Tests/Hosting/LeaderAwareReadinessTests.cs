using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Operator.Runtime.LeaderElection;
using AtlasRestoreOperator.Operator.Tests.Runtime.LeaderElection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

public sealed class LeaderAwareReadinessTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 22, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Without_leader_election_it_is_ready_once_the_informer_synced()
    {
        var synced = false;
        var readiness = new LeaderAwareReadiness(null, () => synced);

        readiness.Check().Should().Be(HealthCheckResult.Unhealthy("the informer has not finished its initial list"));
        synced = true;
        readiness.Check().Should().Be(HealthCheckResult.Healthy);
    }

    [Fact]
    public async Task A_standby_is_ready_and_a_leader_only_once_synced()
    {
        var lease = new InMemoryLease();
        lease.Create(new LeaseRecord("someone-else", time.GetUtcNow(), time.GetUtcNow(), 15, 0));
        using var elector = new LeaderElector(new InMemoryLeaseStore(lease), new LeaderElectionOptions("pod-a_1"), time, NullLogger<LeaderElector>.Instance);
        var readiness = new LeaderAwareReadiness(elector, () => false);
        readiness.Check().IsHealthy.Should().BeFalse("nothing runs yet");

        using var shutdown = new CancellationTokenSource();
        var standingBy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.Parked += () => standingBy.TrySetResult(); // it read the lease and now waits for the next retry
        var run = elector.RunAsync(token => new TaskCompletionSource().Task.WaitAsync(token), shutdown.Token);
        await standingBy.Task.WaitAsync(TimeSpan.FromSeconds(10));

        readiness.Check().Should().Be(HealthCheckResult.Healthy, "a standby can take over, so it is ready");

        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.StartedLeading += () => leading.TrySetResult();
        lease.Overwrite(current => current! with { HolderIdentity = null });
        time.Advance(TimeSpan.FromSeconds(2));
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(10));

        readiness.Check().Should().Be(HealthCheckResult.Unhealthy("the informer has not finished its initial list"));

        await shutdown.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
