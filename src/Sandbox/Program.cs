using System.Runtime.InteropServices;
using AtlasRestoreOperator.Sandbox;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(SandboxOptions.Usage);
    return 0;
}

SandboxOptions options;
try
{
    options = SandboxOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"atlas-restore-sandbox: {e.Message}");
    return 2;
}

using var stop = new CancellationTokenSource();

// The first Ctrl-C or SIGTERM stops the sandbox cleanly; a second one ends the process.
void RequestStop(PosixSignalContext context)
{
    if (!stop.IsCancellationRequested)
    {
        context.Cancel = true;
        stop.Cancel();
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);

return await new SandboxHost(options, Console.Out).RunAsync(stop.Token).ConfigureAwait(false);
