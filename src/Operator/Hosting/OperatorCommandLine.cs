using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// The operator process's entry: parses the configuration, prints help or the one-line configuration error, sets up
/// logging, turns SIGTERM/SIGINT into cancellation, and runs the operator. Exit codes: 0 success or help,
/// 1 the operator failed, 2 invalid configuration (a bad flag or variable, or a kubeconfig or health port found
/// unusable while starting).
/// </summary>
public static class OperatorCommandLine
{
    public const int ConfigurationErrorExitCode = 2;

    public const int FailureExitCode = 1;

    /// <param name="args">The process arguments (without a subcommand the caller handled itself).</param>
    /// <param name="run">Runs the operator until the token is cancelled; returns the exit code.</param>
    /// <param name="environment">Defaults to the process's environment.</param>
    /// <param name="output">Defaults to stdout (help goes here).</param>
    /// <param name="error">Defaults to stderr (configuration errors go here).</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        Func<OperatorOptions, ILoggerFactory, CancellationToken, Task<int>> run,
        OperatorEnvironment? environment = null,
        TextWriter? output = null,
        TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (OperatorOptionsParser.IsHelpRequested(args))
        {
            await output.WriteAsync(OperatorOptionsParser.HelpText).ConfigureAwait(false);
            return 0;
        }

        OperatorOptions options;
        try
        {
            options = new OperatorOptionsParser(environment ?? OperatorEnvironment.FromProcess()).Parse(args);
        }
        catch (OperatorConfigurationException e)
        {
            return await ReportConfigurationErrorAsync(error, e).ConfigureAwait(false);
        }

        using var loggerFactory = LoggingSetup.CreateLoggerFactory(options.LogFormat, options.LogLevel);
        var logger = loggerFactory.CreateLogger(typeof(OperatorCommandLine).FullName!);
        using var shutdown = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => RequestShutdown(context, shutdown, logger));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => RequestShutdown(context, shutdown, logger));
        try
        {
            return await run(options, loggerFactory, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            return 0;
        }
        catch (OperatorConfigurationException e)
        {
            // Found while starting (the kubeconfig would not load, the health port would not bind): the same one
            // line as a bad flag, not a critical log entry with a stack trace.
            return await ReportConfigurationErrorAsync(error, e).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "The operator stopped on an unexpected error");
            return FailureExitCode;
        }
    }

    /// <summary>What the process runs: the composed <see cref="OperatorHost"/>, until the token is cancelled.</summary>
    public static async Task<int> RunOperatorAsync(OperatorOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        await using var host = new OperatorHost(new OperatorHostOptions(options), loggerFactory);
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Invalid configuration stops the process with one line naming the problem (DESIGN §6).</summary>
    private static async Task<int> ReportConfigurationErrorAsync(TextWriter error, OperatorConfigurationException e)
    {
        await error.WriteLineAsync($"atlas-restore-operator: {e.Message}").ConfigureAwait(false);
        return ConfigurationErrorExitCode;
    }

    private static void RequestShutdown(PosixSignalContext context, CancellationTokenSource shutdown, ILogger logger)
    {
        // The first signal keeps the process alive so work stops and leadership is released cleanly;
        // a second one is let through and ends the process at once.
        if (shutdown.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        logger.LogInformation("Received {Signal}; shutting down", context.Signal);
        try
        {
            shutdown.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operator already finished.
        }
    }
}
