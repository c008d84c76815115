using Microsoft.Extensions.Hosting;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// A host lifetime that ignores SIGTERM/Ctrl+C: the health server's embedded host must stop when the operator
/// says so (after leadership is released), not race the operator's own shutdown.
/// </summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
