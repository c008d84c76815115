using System.Globalization;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Runtime.LeaderElection;

namespace AtlasRestoreOperator.Operator.Tests.Runtime.LeaderElection;

/// <summary>One stored Lease with API-server semantics: a resourceVersion bumped on every write, 409 on stale writes.</summary>
internal sealed class InMemoryLease
{
    private readonly Lock gate = new();
    private LeaseRecord? stored;
    private long version;

    public LeaseRecord? Current
    {
        get
        {
            lock (gate)
            {
                return stored;
            }
        }
    }

    public LeaseRecord Create(LeaseRecord lease)
    {
        lock (gate)
        {
            if (stored is not null)
            {
                throw new ResourceConflictException("lease already exists");
            }

            return Store(lease);
        }
    }

    public LeaseRecord Replace(LeaseRecord lease)
    {
        lock (gate)
        {
            if (stored is null || stored.ResourceVersion != lease.ResourceVersion)
            {
                throw new ResourceConflictException("lease resourceVersion is stale");
            }

            return Store(lease);
        }
    }

    /// <summary>An unconditional write by some other party.</summary>
    public LeaseRecord Overwrite(Func<LeaseRecord?, LeaseRecord> change)
    {
        lock (gate)
        {
            return Store(change(stored));
        }
    }

    private LeaseRecord Store(LeaseRecord lease)
    {
        version++;
        stored = lease with { ResourceVersion = version.ToString(CultureInfo.InvariantCulture) };
        return stored;
    }
}
