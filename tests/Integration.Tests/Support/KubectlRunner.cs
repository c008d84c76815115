using System.Diagnostics;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>
/// Runs the real /usr/bin/kubectl against a kubeconfig with its own HOME and cache directory, so runs never share
/// state with the user's kubectl or with another runner.
/// </summary>
public sealed class KubectlRunner
{
    public const string KubectlPath = "/usr/bin/kubectl";

    private readonly string kubeconfigPath;
    private readonly string home;
    private readonly string cache;

    /// <param name="kubeconfigPath">The cluster to talk to.</param>
    /// <param name="stateDirectory">Where this runner keeps kubectl's HOME and discovery cache.</param>
    /// <param name="workDirectory">kubectl's working directory (defaults to <paramref name="stateDirectory"/>).</param>
    public KubectlRunner(string kubeconfigPath, string stateDirectory, string? workDirectory = null)
    {
        this.kubeconfigPath = kubeconfigPath;
        WorkDirectory = workDirectory ?? stateDirectory;
        home = Path.Combine(stateDirectory, "home");
        cache = Path.Combine(stateDirectory, "cache");
        Directory.CreateDirectory(home);
    }

    /// <summary>kubectl's working directory: file arguments are resolved (and printed by kubectl) relative to it.</summary>
    public string WorkDirectory { get; }

    public async Task<KubectlResult> RunAsync(IEnumerable<string> args, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(KubectlPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkDirectory,
        };
        foreach (var arg in new[] { "--kubeconfig", kubeconfigPath, "--cache-dir", cache }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = home;
        info.Environment["KUBECONFIG"] = kubeconfigPath;
        info.Environment.Remove("KUBECACHEDIR");
        var started = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not exit in time");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr, started.Elapsed);
    }
}
