using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>A kubectl process that was started: read its output line by line, await its exit, or stop it.</summary>
public sealed class RunningKubectl
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stdout = new();
    private readonly Task _stdoutPump;
    private readonly Task<string> _stderr;

    public RunningKubectl(Process process)
    {
        _process = process;
        _stdoutPump = PumpAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The next line kubectl prints, or null once it has exited.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _lines.Reader.WaitToReadAsync(cts.Token) && _lines.Reader.TryRead(out var line) ? line : null;
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
            var result = await StopAsync();
            throw new TimeoutException($"kubectl did not exit within {timeout}: {result}");
        }

        return await CollectAsync();
    }

    /// <summary>Kills this kubectl process (and only it) and returns what it printed.</summary>
    public async Task<KubectlResult> StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        return await CollectAsync();
    }

    private async Task<KubectlResult> CollectAsync()
    {
        await _stdoutPump;
        var result = new KubectlResult(_process.ExitCode, _stdout.ToString(), await _stderr);
        _process.Dispose();
        return result;
    }

    private async Task PumpAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            _stdout.Append(line).Append('\n');
            _lines.Writer.TryWrite(line);
        }

        _lines.Writer.TryComplete();
    }
}
