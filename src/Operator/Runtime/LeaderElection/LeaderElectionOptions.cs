using System.Security.Cryptography;

namespace AtlasRestoreOperator.Operator.Runtime.LeaderElection;

/// <summary>
/// Timing and identity of a <see cref="LeaderElector"/>. The defaults are client-go's (15 s / 10 s / 2 s):
/// a leader gives up after <see cref="RenewDeadline"/> without a successful renewal, well before another candidate
/// may take the Lease (<see cref="LeaseDuration"/> after it last saw it change).
/// </summary>
public sealed record LeaderElectionOptions
{
    public LeaderElectionOptions(string identity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        Identity = identity;
    }

    /// <summary>This candidate's holderIdentity; unique per process (see <see cref="NewIdentity"/>).</summary>
    public string Identity { get; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// An identity for this process: the pod name (or host name) and a random suffix, so a restarted pod with the
    /// same name never mistakes the previous process's Lease for its own.
    /// </summary>
    public static string NewIdentity(string instanceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceName);
        return $"{instanceName}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless LeaseDuration &gt; RenewDeadline &gt; RetryPeriod &gt; 0.</summary>
    public void Validate()
    {
        if (RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"retry period {RetryPeriod} must be positive");
        }

        if (RenewDeadline <= RetryPeriod)
        {
            throw new ArgumentException($"renew deadline {RenewDeadline} must be longer than the retry period {RetryPeriod}");
        }

        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException($"lease duration {LeaseDuration} must be longer than the renew deadline {RenewDeadline}");
        }

        if (LeaseDuration.TotalSeconds != Math.Floor(LeaseDuration.TotalSeconds))
        {
            throw new ArgumentException($"lease duration {LeaseDuration} must be whole seconds (leaseDurationSeconds)");
        }
    }
}
