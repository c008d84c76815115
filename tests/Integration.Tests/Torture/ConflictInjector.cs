using AtlasRestoreOperator.Sandbox.KubeEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>Answers a seeded ~30% of AtlasSharedRestore status writes with 409 Conflict, and counts them.</summary>
public sealed class ConflictInjector(int seed)
{
    private readonly Random random = new(seed);
    private readonly Lock gate = new();
    private int injected;

    public int Injected => Volatile.Read(ref injected);

    public void ArmOn(KubeApiEmulator kube) => kube.Faults.InjectConflict(1_000_000, Decide);

    private bool Decide(KubeRequestInfo request)
    {
        if (request.Resource != "atlassharedrestores" || request.Subresource != "status" || request.Method is not ("PUT" or "PATCH"))
        {
            return false;
        }

        lock (gate)
        {
            if (random.NextDouble() >= 0.3)
            {
                return false;
            }
        }

        Interlocked.Increment(ref injected);
        return true;
    }
}
