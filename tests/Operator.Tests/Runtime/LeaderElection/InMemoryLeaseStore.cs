using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Runtime.LeaderElection;

namespace AtlasRestoreOperator.Operator.Tests.Runtime.LeaderElection;

/// <summary>One candidate's connection to an <see cref="InMemoryLease"/>, with fault and race injection.</summary>
internal sealed class InMemoryLeaseStore(InMemoryLease lease, string leaseName = "atlas-restore-operator") : ILeaseStore
{
    private volatile bool failing;
    private Action? beforeNextReplace;

    public ObjectKey Lease { get; } = new("operators", leaseName);

    /// <summary>While true every call fails as a broken connection would.</summary>
    public bool Failing
    {
        get => failing;
        set => failing = value;
    }

    /// <summary>Runs once, just before the next replace reaches the lease: another writer acting in between.</summary>
    public void BeforeNextReplace(Action action) => Interlocked.Exchange(ref beforeNextReplace, action);

    public Task<LeaseRecord?> GetAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult(lease.Current);
    }

    public Task<LeaseRecord> CreateAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult(lease.Create(record));
    }

    public Task<LeaseRecord> ReplaceAsync(LeaseRecord record, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Interlocked.Exchange(ref beforeNextReplace, null)?.Invoke();
        return Task.FromResult(lease.Replace(record));
    }

    private void ThrowIfFailing()
    {
        if (failing)
        {
            throw new HttpRequestException("connection refused (injected)");
        }
    }
}
