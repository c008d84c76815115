using System.Runtime.InteropServices;
using AtlasRestoreOperator.Sandbox;

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

if (options.Help)
{
    Console.WriteLine(SandboxOptions.Usage);
    return 0;
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

try
{
    return await new SandboxHost(options, Console.Out).RunAsync(stop.Token).ConfigureAwait(false);
}
catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException)
{
    // What a user can fix (a seed file that is missing or malformed, a port in use, not in a checkout) is one line, not a stack trace.
    Console.Error.WriteLine($"atlas-restore-sandbox: {e.Message}");
    return 1;
}
