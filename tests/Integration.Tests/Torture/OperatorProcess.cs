using System.Collections.Concurrent;
using System.Diagnostics;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>
/// The operator run as its own process (<c>dotnet atlas-restore-operator.dll ...</c>), its stdout and stderr captured
/// line by line. <see cref="KillAsync"/> is SIGKILL of this process tree only: nothing is flushed or released.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines;
    private readonly TaskCompletionSource serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OperatorProcess(Process process, string name, ConcurrentQueue<string> lines)
    {
        this.process = process;
        this.lines = lines;
        Name = name;
    }

    /// <summary>The instance name given as POD_NAME; the operator adds a random suffix to make its identity.</summary>
    public string Name { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Completes when the process has logged that it serves health (its start-up is over; it is about to watch).</summary>
    public Task Serving => serving.Task;

    /// <summary>Starts the operator with the given flags; every output line goes to <paramref name="output"/>.</summary>
    public static OperatorProcess Start(string name, IEnumerable<string> arguments, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(OperatorAssembly.Path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The child must not pick up the test process's cluster settings; only its flags configure it.
        foreach (var variable in new[] { "KUBECONFIG", "ATLAS_BASE_URL", "LEADER_ELECT", "KUBERNETES_SERVICE_HOST", "POD_NAMESPACE" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["POD_NAME"] = name;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new OperatorProcess(process, name, output);
        process.OutputDataReceived += (_, e) => started.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => started.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>SIGKILL (the whole tree), then waits for the exit to be observed.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Lines this process wrote (for failure messages).</summary>
    public IEnumerable<string> Lines => lines.Where(l => l.StartsWith($"[{Name}] ", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue($"[{Name}] {line}");
        if (line.Contains("serving health", StringComparison.Ordinal))
        {
            serving.TrySetResult();
        }
    }
}
