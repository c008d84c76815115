using System.Diagnostics;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>A kubectl process that was started; await <see cref="WaitAsync"/> for its output.</summary>
public sealed class RunningKubectl
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    public RunningKubectl(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public async Task<KubectlResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            throw new TimeoutException($"kubectl did not exit within {timeout}: {await _stdout}{await _stderr}");
        }

        var result = new KubectlResult(_process.ExitCode, await _stdout, await _stderr);
        _process.Dispose();
        return result;
    }
}
