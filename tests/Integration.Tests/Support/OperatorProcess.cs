using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>
/// The operator as a separate process (the Native AOT binary), logging JSON to stdout. Every stdout line is kept and
/// also streamed, so a test can await a line (such as the one naming the health URL) instead of sleeping.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private const int Sigterm = 15;
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private readonly List<string> stdout = [];
    private readonly List<string> stderr = [];
    private readonly Lock gate = new();

    private OperatorProcess(Process process)
    {
        this.process = process;
    }

    public int Id => process.Id;

    /// <summary>Every stdout line so far.</summary>
    public IReadOnlyList<string> StandardOutput
    {
        get
        {
            lock (gate)
            {
                return stdout.ToList();
            }
        }
    }

    /// <summary>Every stderr line so far.</summary>
    public IReadOnlyList<string> StandardError
    {
        get
        {
            lock (gate)
            {
                return stderr.ToList();
            }
        }
    }

    public static OperatorProcess Start(string path, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new OperatorProcess(process);
        process.OutputDataReceived += (_, e) => started.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => started.OnError(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Awaits the first stdout line that is a JSON log entry satisfying <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForLogAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancel.Token))
            {
                using var document = JsonDocument.Parse(line);
                if (match(document.RootElement))
                {
                    return document.RootElement.Clone();
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }

        throw new TimeoutException("the operator did not log the expected line; stdout:\n" + string.Join('\n', StandardOutput) +
            "\nstderr:\n" + string.Join('\n', StandardError));
    }

    /// <summary>Sends SIGTERM (as the kubelet does) and returns the exit code once the process has exited.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (Kill(process.Id, Sigterm) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        await process.WaitForExitAsync().WaitAsync(timeout);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            lines.Writer.TryComplete();
            return;
        }

        lock (gate)
        {
            stdout.Add(line);
        }

        lines.Writer.TryWrite(line);
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            stderr.Add(line);
        }
    }

    // .NET can only SIGKILL another process; the kubelet's SIGTERM needs libc.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
