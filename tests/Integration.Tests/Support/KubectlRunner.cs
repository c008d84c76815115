using System.Diagnostics;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>Runs the real /usr/bin/kubectl with its own HOME and cache directory against one kubeconfig.</summary>
public sealed class KubectlRunner
{
    private readonly string kubeconfig;
    private readonly string home;
    private readonly string cache;

    public KubectlRunner(string kubeconfig, string workDirectory)
    {
        this.kubeconfig = kubeconfig;
        home = Directory.CreateDirectory(Path.Combine(workDirectory, "kubectl-home")).FullName;
        cache = Path.Combine(workDirectory, "kubectl-cache");
    }

    /// <summary>Runs kubectl to its end; a run longer than <paramref name="timeout"/> (default 90 s) is killed and fails.</summary>
    public async Task<KubectlResult> RunAsync(IReadOnlyList<string> args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("/usr/bin/kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(cache);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = home;
        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment.Remove("KUBECACHEDIR");

        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not exit in time: {await stdout}{await stderr}");
        }

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }
}
