using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// Console logging for the operator: one readable line per entry by default, one JSON object per line with
/// <c>--log-format json</c> (for log collectors). Timestamps are UTC. Secrets are kept out by the code that logs:
/// message templates carry names, keys and ids, never credential values.
/// </summary>
public static class LoggingSetup
{
    /// <summary>Replaces the builder's providers with the operator's console logger.</summary>
    public static ILoggingBuilder AddOperatorConsole(this ILoggingBuilder builder, LogFormat format, LogLevel minimumLevel)
    {
        builder.ClearProviders();
        builder.SetMinimumLevel(minimumLevel);
        // Microsoft.Extensions and HttpClient chatter is noise for an operator; their warnings still show.
        builder.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddFilter("System.Net.Http", LogLevel.Warning);
        if (format == LogFormat.Json)
        {
            builder.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.IncludeScopes = true;
            });
        }
        else
        {
            builder.AddSimpleConsole(text =>
            {
                text.UseUtcTimestamp = true;
                text.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                text.SingleLine = true;
                text.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        return builder;
    }

    /// <summary>A logger factory writing to the console in the given format.</summary>
    public static ILoggerFactory CreateLoggerFactory(LogFormat format, LogLevel minimumLevel) =>
        LoggerFactory.Create(builder => builder.AddOperatorConsole(format, minimumLevel));
}
