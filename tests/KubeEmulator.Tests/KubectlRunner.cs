using System.Diagnostics;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>Runs the real /usr/bin/kubectl against one emulator with its own HOME, cache directory and kubeconfig.</summary>
public sealed class KubectlRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private readonly string _home;
    private readonly string _kubeconfig;

    public KubectlRunner(KubeApiEmulator emulator, string workDirectory)
    {
        _home = Path.Combine(workDirectory, "home");
        Directory.CreateDirectory(_home);
        WorkDirectory = workDirectory;
        _kubeconfig = emulator.WriteKubeconfig(Path.Combine(workDirectory, "kubeconfig"));
    }

    public string WorkDirectory { get; }

    /// <summary>Writes a file into kubectl's working directory and returns its relative name, as a user would type it.</summary>
    public string WriteFile(string name, string content)
    {
        File.WriteAllText(Path.Combine(WorkDirectory, name), content);
        return name;
    }

    public Task<KubectlResult> RunAsync(params string[] args) => Start(args).WaitAsync(DefaultTimeout);

    /// <summary>Starts kubectl; the returned task completes when it exits (killed after the timeout).</summary>
    public RunningKubectl Start(params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkDirectory,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(_kubeconfig);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(Path.Combine(WorkDirectory, "cache"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = _home;
        info.Environment["KUBECONFIG"] = _kubeconfig;
        info.Environment.Remove("KUBECACHEDIR");
        var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        return new RunningKubectl(process);
    }
}
