using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Runtime.LeaderElection;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Runtime.LeaderElection;

public sealed class KubernetesLeaseStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 1, 22, 8, 0, 0, 123, TimeSpan.Zero);
    private readonly FakeLeaseApiServer api = new();
    private Kubernetes client = null!;
    private KubernetesLeaseStore store = null!;

    public async Task InitializeAsync()
    {
        await api.StartAsync();
        client = new Kubernetes(new KubernetesClientConfiguration { Host = api.BaseUrl.ToString() });
        store = new KubernetesLeaseStore(client, new ObjectKey("ops", "leader"));
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_lease_reads_as_null()
    {
        (await store.GetAsync(CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_created_lease_reads_back_with_its_fields_and_resource_version()
    {
        var created = await store.CreateAsync(new LeaseRecord("pod-a_1", Now, Now.AddSeconds(1), 15, 3), CancellationToken.None);
        var read = await store.GetAsync(CancellationToken.None);

        created.ResourceVersion.Should().NotBeNullOrEmpty();
        read.Should().Be(created);
        read!.HolderIdentity.Should().Be("pod-a_1");
        read.AcquireTime.Should().Be(Now);
        read.RenewTime.Should().Be(Now.AddSeconds(1));
        read.LeaseDurationSeconds.Should().Be(15);
        read.LeaseTransitions.Should().Be(3);
        api.Stored("leader")!["spec"]!["holderIdentity"]!.GetValue<string>().Should().Be("pod-a_1");
    }

    [Fact]
    public async Task Creating_an_existing_lease_is_a_conflict()
    {
        await store.CreateAsync(new LeaseRecord("pod-a_1", Now, Now, 15, 0), CancellationToken.None);

        var again = () => store.CreateAsync(new LeaseRecord("pod-b_2", Now, Now, 15, 0), CancellationToken.None);

        await again.Should().ThrowAsync<ResourceConflictException>();
    }

    [Fact]
    public async Task A_replace_with_a_stale_resource_version_is_a_conflict_and_a_current_one_lands()
    {
        var created = await store.CreateAsync(new LeaseRecord("pod-a_1", Now, Now, 15, 0), CancellationToken.None);
        var renewed = await store.ReplaceAsync(created with { RenewTime = Now.AddSeconds(2) }, CancellationToken.None);

        var stale = () => store.ReplaceAsync(created with { HolderIdentity = "pod-b_2" }, CancellationToken.None);

        await stale.Should().ThrowAsync<ResourceConflictException>();
        renewed.ResourceVersion.Should().NotBe(created.ResourceVersion);
        (await store.GetAsync(CancellationToken.None))!.HolderIdentity.Should().Be("pod-a_1");
    }

    [Fact]
    public async Task An_elector_acquires_through_the_api_and_releases_on_shutdown()
    {
        var time = new FakeTimeProvider(Now);
        using var elector = new LeaderElector(store, new LeaderElectionOptions("pod-a_1"), time, NullLogger<LeaderElector>.Instance);
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var shutdown = new CancellationTokenSource();

        var run = elector.RunAsync(
            async token =>
            {
                leading.TrySetResult();
                await new TaskCompletionSource().Task.WaitAsync(token);
            },
            shutdown.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(10));
        api.Stored("leader")!["spec"]!["holderIdentity"]!.GetValue<string>().Should().Be("pod-a_1");

        await shutdown.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        var released = await store.GetAsync(CancellationToken.None);
        released!.HolderIdentity.Should().BeNull();
        released.LeaseDurationSeconds.Should().Be(1);
    }
}
