using System.Diagnostics;
using AtlasRestoreOperator.Integration.Tests.Support;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>
/// The sandbox as a user runs it: <c>dotnet atlas-restore-sandbox.dll ...</c> from src/Sandbox's own build output,
/// started in the repository root, with stdout and stderr captured line by line. Disposing kills it (by its process
/// id, with its children) if it is still running.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    private const string FileName = "atlas-restore-sandbox.dll";
    private readonly Process process;

    private SandboxProcess(Process process)
    {
        this.process = process;
    }

    /// <summary>src/Sandbox/bin/&lt;Configuration&gt;/&lt;tfm&gt;/atlas-restore-sandbox.dll, built with the tests (a project reference).</summary>
    public static string AssemblyPath { get; } = FindAssembly();

    public LineCapture StandardOutput { get; } = new();

    public LineCapture StandardError { get; } = new();

    public static SandboxProcess Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The sandbox configures its operator itself; nothing of the test process's cluster may leak into it.
        foreach (var variable in new[] { "KUBECONFIG", "ATLAS_BASE_URL", "LEADER_ELECT", "KUBERNETES_SERVICE_HOST", "POD_NAMESPACE", "POD_NAME" })
        {
            start.Environment.Remove(variable);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var started = new SandboxProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                started.StandardOutput.WriteLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                started.StandardError.WriteLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Awaits a stdout line; fails with everything printed so far if it does not come, or if the process ends first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var line = StandardOutput.WaitForLineAsync(match);
        var exited = process.WaitForExitAsync();
        try
        {
            var first = await Task.WhenAny(line, exited).WaitAsync(timeout);
            if (first == line)
            {
                return await line;
            }
        }
        catch (TimeoutException)
        {
        }

        // The process may have printed the line just before it exited.
        return line.IsCompleted ? await line : throw new Xunit.Sdk.XunitException($"the sandbox did not print the expected line; {Describe()}");
    }

    /// <summary>Awaits the exit (output fully read) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"the sandbox did not exit within {timeout.TotalSeconds:0} s; {Describe()}");
        }

        return process.ExitCode;
    }

    public string Describe() =>
        $"{(process.HasExited ? $"exit code {process.ExitCode}" : "still running")}\nstdout:\n{StandardOutput.Text}\nstderr:\n{StandardError.Text}";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        process.Dispose();
    }

    private static string FindAssembly()
    {
        // tests/Integration.Tests/bin/<Configuration>/<tfm>/ -> src/Sandbox/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var built = Path.Combine(RepositoryRoot.Find(), "src", "Sandbox", "bin", tfm.Parent!.Name, tfm.Name, FileName);
        return File.Exists(built) ? built : throw new FileNotFoundException($"{FileName} not found at {built}; build src/Sandbox first");
    }
}
