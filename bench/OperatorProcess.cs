using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AtlasRestoreOperator.Bench;

/// <summary>
/// The operator running as its own process against the bench emulators, with its memory (VmRSS) and CPU time read from
/// <c>/proc/&lt;pid&gt;</c>. Disposing kills exactly this process.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly HttpClient health;
    private readonly long startTimestamp;
    private readonly Queue<string> output = new();
    private readonly StreamWriter? fullLog;

    private OperatorProcess(Process process, int healthPort, long startTimestamp, string? fullLogPath)
    {
        fullLog = fullLogPath is null ? null : new StreamWriter(fullLogPath, append: false) { AutoFlush = true };
        this.process = process;
        this.startTimestamp = startTimestamp;
        HealthPort = healthPort;
        health = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public int Pid => process.Id;

    public int HealthPort { get; }

    /// <summary>Starts the build with the bench's flags plus <paramref name="extraArguments"/>.</summary>
    public static OperatorProcess Start(OperatorBuild build, BenchEnvironment environment, IEnumerable<string> extraArguments)
    {
        var port = FreePort();
        // For diagnosing a run: the operator's whole output at debug level, in the named file.
        var fullLogPath = Environment.GetEnvironmentVariable("ASR_BENCH_OPERATOR_LOG") is { Length: > 0 } path ? Path.GetFullPath(path) : null;
        var info = new ProcessStartInfo(build.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in build.PrefixArguments.Concat(
        [
            "--kubeconfig", environment.KubeconfigPath,
            "--atlas-base-url", environment.Atlas.BaseUrl.ToString(),
            "--default-secret", $"{BenchEnvironment.SecretNamespace}/{BenchEnvironment.SecretName}",
            "--health-bind-address", "127.0.0.1",
            "--health-port", port.ToString(CultureInfo.InvariantCulture),
            "--leader-elect=false",
            "--log-level", fullLogPath is null ? "warning" : "debug",
        ]).Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {build.FileName}");
        // Drain the pipes so a chatty operator never blocks on a full buffer.
        var operatorProcess = new OperatorProcess(process, port, started, fullLogPath);
        process.OutputDataReceived += (_, line) => operatorProcess.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => operatorProcess.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return operatorProcess;
    }

    /// <summary>The operator's last output lines (warnings and errors at the bench's log level).</summary>
    public IReadOnlyList<string> RecentOutput
    {
        get
        {
            lock (output)
            {
                return [.. output];
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            fullLog?.WriteLine(line);
            output.Enqueue(line);
            if (output.Count > 20)
            {
                output.Dequeue();
            }
        }
    }

    /// <summary>Polls /readyz every 2 ms and returns the time from process start to the first 200.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the operator exited with code {process.ExitCode} before it was ready");
            }

            try
            {
                using var response = await health.GetAsync("readyz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Stopwatch.GetElapsedTime(startTimestamp);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken);
        }

        throw new TimeoutException($"the operator was not ready within {timeout.TotalSeconds:0} s");
    }

    /// <summary>Resident set size in MB (VmRSS of /proc/pid/status).</summary>
    public double RssMegabytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        throw new InvalidOperationException($"no VmRSS in /proc/{Pid}/status");
    }

    /// <summary>User plus system CPU time of the process so far (utime + stime of /proc/pid/stat).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>The text of /metrics.</summary>
    public Task<string> MetricsAsync(CancellationToken cancellationToken) => health.GetStringAsync("metrics", cancellationToken);

    /// <summary>Waits until the process has used no more than <paramref name="idleCpu"/> of CPU over one <paramref name="window"/>.</summary>
    public async Task WaitQuietAsync(TimeSpan window, TimeSpan idleCpu, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var before = CpuTime();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(window, cancellationToken);
            var now = CpuTime();
            if (now - before <= idleCpu)
            {
                return;
            }

            before = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        health.Dispose();
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        lock (output)
        {
            fullLog?.Dispose();
        }
    }

    // USER_HZ is 100 on every Linux the operator targets.
    private const int ClockTicksPerSecond = 100;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
