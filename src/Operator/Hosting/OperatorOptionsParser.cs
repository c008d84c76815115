using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// Builds <see cref="OperatorOptions"/> from command-line flags and environment variables; a flag wins over its
/// variable, and an empty variable counts as unset. Flags take <c>--flag value</c> or <c>--flag=value</c>; switches
/// (<c>--leader-elect</c>) also stand alone. The first invalid or unknown setting throws
/// <see cref="OperatorConfigurationException"/> with one line naming it, the value and what is allowed.
/// </summary>
public sealed partial class OperatorOptionsParser(OperatorEnvironment environment)
{
    private const string DurationRule = "must be a positive duration such as 500ms, 10s, 2m or 1h30m";
    private const string NamespaceRule = "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
    private const string NameRule = "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)";

    private static readonly Setting Kubeconfig = new("--kubeconfig", "KUBECONFIG", "PATH", "kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account)");
    private static readonly Setting AtlasBaseUrl = new("--atlas-base-url", "ATLAS_BASE_URL", "URL", "Atlas Admin API base URL (default https://cloud.mongodb.com)");
    private static readonly Setting WatchNamespaces = new("--watch-namespaces", "WATCH_NAMESPACES", "NS[,NS...]", "namespaces to watch, comma-separated (default: all)");
    private static readonly Setting DefaultSecret = new("--default-secret", "ATLAS_DEFAULT_SECRET", "NAMESPACE/NAME", "Secret used when a resource names no connectionSecretRef");
    private static readonly Setting LeaderElect = new("--leader-elect", "LEADER_ELECT", "[=true|false]", "campaign for a Lease so only one replica works (default true)", IsSwitch: true);
    private static readonly Setting LeaseNamespace = new("--lease-namespace", "LEASE_NAMESPACE", "NS", "namespace of the leader-election Lease (default: $POD_NAMESPACE, the in-cluster namespace, else default)");
    private static readonly Setting LeaseName = new("--lease-name", "LEASE_NAME", "NAME", "name of the leader-election Lease (default atlas-restore-operator)");
    private static readonly Setting LeaseDuration = new("--lease-duration", "LEASE_DURATION", "DURATION", "how long a silent leader's Lease stays valid (default 15s)");
    private static readonly Setting RenewDeadline = new("--renew-deadline", "RENEW_DEADLINE", "DURATION", "how long a leader keeps working without a renewal (default 10s)");
    private static readonly Setting RetryPeriod = new("--retry-period", "RETRY_PERIOD", "DURATION", "how often candidates try and leaders renew (default 2s)");
    private static readonly Setting HealthBindAddress = new("--health-bind-address", "HEALTH_BIND_ADDRESS", "IP", "address of the /healthz, /readyz and /metrics port (default 0.0.0.0)");
    private static readonly Setting HealthPort = new("--health-port", "HEALTH_PORT", "PORT", "port of /healthz, /readyz and /metrics (default 8081, 0 = any free port)");
    private static readonly Setting PollInitialInterval = new("--poll-initial-interval", "POLL_INITIAL_INTERVAL", "DURATION", "first wait between polls of a running Atlas restore (default 10s)");
    private static readonly Setting PollMaxInterval = new("--poll-max-interval", "POLL_MAX_INTERVAL", "DURATION", "longest wait between polls of a running Atlas restore (default 60s)");
    private static readonly Setting SubmissionLease = new("--submission-lease", "SUBMISSION_LEASE", "DURATION", "how long another replica leaves an unresolved submission to the replica that started it (default 2m)");
    private static readonly Setting AmbiguousGrace = new("--ambiguous-grace", "AMBIGUOUS_GRACE", "DURATION", "how far apart two empty job listings must be before an unanswered submission counts as never landed (default 30s)");
    private static readonly Setting RetryInterval = new("--retry-interval", "RETRY_INTERVAL", "DURATION", "how often a condition a person must fix (missing Secret, bad key, missing role) is looked at again (default 2m)");
    private static readonly Setting LogFormatSetting = new("--log-format", "LOG_FORMAT", "text|json", "console log format (default text)");
    private static readonly Setting LogLevelSetting = new("--log-level", "LOG_LEVEL", "LEVEL", "trace, debug, info, warning or error (default info)");
    private static readonly Setting MaxConcurrentReconciles = new("--max-concurrent-reconciles", "MAX_CONCURRENT_RECONCILES", "N", "resources reconciled at the same time (default 4)");

    private static readonly Setting[] Settings =
    [
        Kubeconfig, AtlasBaseUrl, WatchNamespaces, DefaultSecret, LeaderElect, LeaseNamespace, LeaseName, LeaseDuration,
        RenewDeadline, RetryPeriod, HealthBindAddress, HealthPort, PollInitialInterval, PollMaxInterval, SubmissionLease,
        AmbiguousGrace, RetryInterval, LogFormatSetting, LogLevelSetting, MaxConcurrentReconciles,
    ];

    /// <summary>The usage text printed for <c>--help</c>.</summary>
    public static string HelpText { get; } = BuildHelpText();

    /// <summary>True when the arguments ask for help (<c>--help</c> or <c>-h</c>); then nothing else is validated.</summary>
    public static bool IsHelpRequested(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h");

    /// <summary>Parses and validates; throws <see cref="OperatorConfigurationException"/> on the first problem.</summary>
    public OperatorOptions Parse(IReadOnlyList<string> args)
    {
        var flags = ReadFlags(args);
        var values = new Values(flags, environment);
        var defaults = new OperatorOptions();

        var options = new OperatorOptions
        {
            KubeconfigPath = ResolveKubeconfig(values),
            AtlasBaseUrl = values.Parse(AtlasBaseUrl, ParseHttpUrl) ?? defaults.AtlasBaseUrl,
            WatchNamespaces = values.Parse(WatchNamespaces, ParseNamespaceList) ?? defaults.WatchNamespaces,
            DefaultSecret = values.Parse(DefaultSecret, ParseSecretReference),
            LeaderElect = values.Parse(LeaderElect, ParseBoolean) ?? defaults.LeaderElect,
            LeaseNamespace = values.Parse(LeaseNamespace, ParseNamespace) ?? DefaultLeaseNamespace(),
            LeaseName = values.Parse(LeaseName, ParseName) ?? defaults.LeaseName,
            LeaseDuration = values.Parse(LeaseDuration, ParseWholeSecondsDuration) ?? defaults.LeaseDuration,
            RenewDeadline = values.Parse(RenewDeadline, ParseDuration) ?? defaults.RenewDeadline,
            RetryPeriod = values.Parse(RetryPeriod, ParseDuration) ?? defaults.RetryPeriod,
            InstanceName = environment.Get("POD_NAME") ?? environment.Get("HOSTNAME") ?? defaults.InstanceName,
            HealthBindAddress = values.Parse(HealthBindAddress, ParseIpAddress) ?? defaults.HealthBindAddress,
            HealthPort = values.Parse(HealthPort, text => ParseInteger(text, 0, 65535)) ?? defaults.HealthPort,
            PollInitialInterval = values.Parse(PollInitialInterval, ParseDuration) ?? defaults.PollInitialInterval,
            PollMaxInterval = values.Parse(PollMaxInterval, ParseDuration) ?? defaults.PollMaxInterval,
            SubmissionLeaseDuration = values.Parse(SubmissionLease, ParseDuration) ?? defaults.SubmissionLeaseDuration,
            AmbiguousOutcomeGracePeriod = values.Parse(AmbiguousGrace, ParseDuration) ?? defaults.AmbiguousOutcomeGracePeriod,
            NeedsAttentionRetryInterval = values.Parse(RetryInterval, ParseDuration) ?? defaults.NeedsAttentionRetryInterval,
            LogFormat = values.Parse(LogFormatSetting, ParseLogFormat) ?? defaults.LogFormat,
            LogLevel = values.Parse(LogLevelSetting, ParseLogLevel) ?? defaults.LogLevel,
            MaxConcurrentReconciles = values.Parse(MaxConcurrentReconciles, text => ParseInteger(text, 1, 100)) ?? defaults.MaxConcurrentReconciles,
        };

        values.RequireLonger(RenewDeadline, options.RenewDeadline, RetryPeriod, options.RetryPeriod);
        values.RequireLonger(LeaseDuration, options.LeaseDuration, RenewDeadline, options.RenewDeadline);
        values.RequireNotLonger(PollInitialInterval, options.PollInitialInterval, PollMaxInterval, options.PollMaxInterval);
        return options;
    }

    private static Dictionary<Setting, string> ReadFlags(IReadOnlyList<string> args)
    {
        var flags = new Dictionary<Setting, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new OperatorConfigurationException($"unexpected argument \"{arg}\": only flags are accepted (run with --help to see them)");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var setting = Array.Find(Settings, s => s.Flag == name)
                ?? throw new OperatorConfigurationException($"unknown flag \"{name}\": run with --help to see the flags");
            if (equals >= 0)
            {
                flags[setting] = arg[(equals + 1)..];
            }
            else if (setting.IsSwitch)
            {
                var next = i + 1 < args.Count ? args[i + 1] : null;
                if (next is not null && (next.Equals("true", StringComparison.OrdinalIgnoreCase) || next.Equals("false", StringComparison.OrdinalIgnoreCase)))
                {
                    flags[setting] = next;
                    i++;
                }
                else
                {
                    flags[setting] = "true";
                }
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                flags[setting] = args[++i];
            }
            else
            {
                throw new OperatorConfigurationException($"missing value for {name}: expected {name} {setting.ValueName}");
            }
        }

        return flags;
    }

    private string? ResolveKubeconfig(Values values)
    {
        if (values.Flags.TryGetValue(Kubeconfig, out var flagPath))
        {
            return environment.FileExists(flagPath)
                ? flagPath
                : throw Invalid(Kubeconfig.Flag, flagPath, "must be the path of an existing kubeconfig file");
        }

        if (environment.Get(Kubeconfig.EnvironmentVariable) is { } list)
        {
            // KUBECONFIG may list several files; the first one that exists is used (no merging).
            var paths = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return paths.FirstOrDefault(environment.FileExists)
                ?? throw Invalid(Kubeconfig.EnvironmentVariable, list, "must name at least one existing kubeconfig file");
        }

        if (environment.HomeDirectory is { } home && Path.Combine(home, ".kube", "config") is var userConfig && environment.FileExists(userConfig))
        {
            return userConfig;
        }

        if (environment.Get("KUBERNETES_SERVICE_HOST") is not null && environment.Get("KUBERNETES_SERVICE_PORT") is not null)
        {
            return null;
        }

        throw new OperatorConfigurationException(
            "no Kubernetes configuration found: set --kubeconfig or KUBECONFIG, create ~/.kube/config, or run inside a cluster");
    }

    private string DefaultLeaseNamespace()
    {
        if (environment.Get("POD_NAMESPACE") is { } podNamespace && IsDnsLabel(podNamespace))
        {
            return podNamespace;
        }

        var fromServiceAccount = environment.ReadFile(OperatorEnvironment.ServiceAccountNamespaceFile)?.Trim();
        return fromServiceAccount is not null && IsDnsLabel(fromServiceAccount) ? fromServiceAccount : "default";
    }

    private static Uri ParseHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : throw new FormatException("must be an absolute http or https URL, such as https://cloud.mongodb.com");

    private static string[] ParseNamespaceList(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (!IsDnsLabel(name))
            {
                throw new FormatException($"\"{name}\" is not a namespace name: each {NamespaceRule}");
            }
        }

        return names.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static ObjectKey? ParseSecretReference(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2)
        {
            throw new FormatException("must be namespace/name");
        }

        if (!IsDnsLabel(parts[0]))
        {
            throw new FormatException($"must be namespace/name, and the namespace {NamespaceRule}");
        }

        if (!IsDnsSubdomain(parts[1]))
        {
            throw new FormatException($"must be namespace/name, and the name {NameRule}");
        }

        return new ObjectKey(parts[0], parts[1]);
    }

    private static bool? ParseBoolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new FormatException("must be true or false"),
    };

    private static string ParseNamespace(string text) => IsDnsLabel(text) ? text : throw new FormatException(NamespaceRule);

    private static string ParseName(string text) => IsDnsSubdomain(text) ? text : throw new FormatException(NameRule);

    private static string ParseIpAddress(string text) =>
        IPAddress.TryParse(text, out _) ? text : throw new FormatException("must be an IP address such as 0.0.0.0 or 127.0.0.1");

    private static int? ParseInteger(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"must be an integer from {min} to {max}");

    private static LogFormat? ParseLogFormat(string text) => text.ToLowerInvariant() switch
    {
        "text" => LogFormat.Text,
        "json" => LogFormat.Json,
        _ => throw new FormatException("must be text or json"),
    };

    private static LogLevel? ParseLogLevel(string text) => text.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new FormatException("must be trace, debug, info, warning or error"),
    };

    private static TimeSpan? ParseWholeSecondsDuration(string text)
    {
        var duration = ParseDuration(text)!.Value;
        return duration.Ticks % TimeSpan.TicksPerSecond == 0 ? duration : throw new FormatException("must be a whole number of seconds, such as 15s or 1m");
    }

    /// <summary>Go-style durations ("500ms", "10s", "1m30s", "1h"); a bare number means seconds.</summary>
    private static TimeSpan? ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            total = TimeSpan.FromSeconds(seconds);
        }
        else if (DurationPattern().IsMatch(text))
        {
            foreach (Match part in DurationPartPattern().Matches(text))
            {
                var amount = double.Parse(part.Groups["amount"].Value, CultureInfo.InvariantCulture);
                total += part.Groups["unit"].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromHours(amount),
                };
            }
        }
        else
        {
            throw new FormatException(DurationRule);
        }

        return total > TimeSpan.Zero && total <= TimeSpan.FromDays(1) ? total : throw new FormatException(DurationRule + ", at most 24h");
    }

    private static bool IsDnsLabel(string text) => text.Length <= 63 && DnsLabelPattern().IsMatch(text);

    private static bool IsDnsSubdomain(string text) => text.Length <= 253 && DnsSubdomainPattern().IsMatch(text);

    private static OperatorConfigurationException Invalid(string source, string value, string rule) =>
        new($"invalid {source} \"{value}\": {rule}");

    private static string BuildHelpText()
    {
        var help = new StringBuilder();
        help.AppendLine("atlas-restore-operator: restores MongoDB Atlas shared-tier backups declaratively (AtlasSharedRestore).");
        help.AppendLine();
        help.AppendLine("Flags (each also read from the environment variable shown; a flag wins):");
        foreach (var setting in Settings)
        {
            help.AppendLine(CultureInfo.InvariantCulture, $"  {setting.Flag} {setting.ValueName}");
            help.AppendLine(CultureInfo.InvariantCulture, $"      {setting.Description} [{setting.EnvironmentVariable}]");
        }

        help.AppendLine("  --help, -h");
        help.AppendLine("      show this text");
        return help.ToString();
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomainPattern();

    [GeneratedRegex(@"^(\d+(\.\d+)?(ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(?<amount>\d+(\.\d+)?)(?<unit>ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPartPattern();

    /// <summary>One configurable value: its flag, its environment variable, and how help shows it.</summary>
    private sealed record Setting(string Flag, string EnvironmentVariable, string ValueName, string Description, bool IsSwitch = false);

    /// <summary>The raw values of one parse, and where each came from, so errors name the right source.</summary>
    private sealed class Values(Dictionary<Setting, string> flags, OperatorEnvironment environment)
    {
        public Dictionary<Setting, string> Flags { get; } = flags;

        /// <summary>Converts the flag's value, else the variable's; null when neither is set.</summary>
        public T? Parse<T>(Setting setting, Func<string, T?> convert)
        {
            if (Raw(setting) is not ({ } source, { } value))
            {
                return default;
            }

            try
            {
                return convert(value);
            }
            catch (FormatException e)
            {
                throw Invalid(source, value, e.Message);
            }
        }

        public void RequireLonger(Setting longer, TimeSpan longerValue, Setting shorter, TimeSpan shorterValue)
        {
            if (longerValue <= shorterValue)
            {
                var blamed = Raw(longer) is not null || Raw(shorter) is null ? longer : shorter;
                var (source, value) = Describe(blamed, blamed == longer ? longerValue : shorterValue);
                var rule = blamed == longer
                    ? $"must be longer than {Describe(shorter, shorterValue).Source} ({shorterValue.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)"
                    : $"must be shorter than {Describe(longer, longerValue).Source} ({longerValue.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)";
                throw Invalid(source, value, rule);
            }
        }

        public void RequireNotLonger(Setting shorter, TimeSpan shorterValue, Setting longer, TimeSpan longerValue)
        {
            if (shorterValue > longerValue)
            {
                var (source, value) = Describe(shorter, shorterValue);
                throw Invalid(source, value, $"must not be longer than {Describe(longer, longerValue).Source} ({longerValue.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");
            }
        }

        private (string Source, string Value)? Raw(Setting setting)
        {
            if (Flags.TryGetValue(setting, out var flagValue))
            {
                return (setting.Flag, flagValue);
            }

            return environment.Get(setting.EnvironmentVariable) is { } variable ? (setting.EnvironmentVariable, variable) : null;
        }

        private (string Source, string Value) Describe(Setting setting, TimeSpan value) =>
            Raw(setting) ?? (setting.Flag, value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s");
    }
}
