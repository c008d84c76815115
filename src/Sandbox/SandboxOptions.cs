using System.Globalization;

namespace AtlasRestoreOperator.Sandbox;

/// <summary>The sandbox's command line.</summary>
public sealed record SandboxOptions
{
    public const string Usage = """
        usage: dotnet run --project src/Sandbox [-- options]
          --once               exit when every sample restore is terminal: 0 if all completed, 1 otherwise
          --no-operator        everything but the operator: emulators, CRD, Secret, samples (run your own operator)
          --kube-port N        port of the Kubernetes API emulator (default: any free port)
          --atlas-port N       port of the Atlas Admin API emulator (default: any free port)
          --seed PATH          seed the Atlas emulator from this JSON file (default: the built-in demo seed)
          --dir PATH           where the kubeconfig and seed are written (default: .sandbox)
          --timeout SECONDS    with --once, give up after this long (default: 120)
          --verbose            show the operator's own log
          --help, -h           print this text
        """;

    private const string KnownOptions = "--once, --no-operator, --kube-port, --atlas-port, --seed, --dir, --timeout, --verbose, --help";
    private const string PortAllowed = "an integer from 0 to 65535 (0: any free port)";
    private const string SecondsAllowed = "a whole number of seconds above 0";

    /// <summary>Only print <see cref="Usage"/>; every other option is ignored.</summary>
    public bool Help { get; init; }
    public bool Once { get; init; }
    public bool NoOperator { get; init; }
    public int KubePort { get; init; }
    public int AtlasPort { get; init; }
    public string? SeedPath { get; init; }
    public string Directory { get; init; } = ".sandbox";
    public TimeSpan OnceTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public bool Verbose { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with one line naming the bad option and what it allows.</summary>
    public static SandboxOptions Parse(IReadOnlyList<string> args)
    {
        // Asking for help wins over anything else on the line, even a mistake, as with most command-line tools.
        if (args.Contains("--help") || args.Contains("-h"))
        {
            return new SandboxOptions { Help = true };
        }

        var options = new SandboxOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--once" => options with { Once = true },
                "--no-operator" => options with { NoOperator = true },
                "--verbose" => options with { Verbose = true },
                "--kube-port" => options with { KubePort = Port(arg, Value(args, ref i, PortAllowed)) },
                "--atlas-port" => options with { AtlasPort = Port(arg, Value(args, ref i, PortAllowed)) },
                "--seed" => options with { SeedPath = Value(args, ref i, "the path of an Atlas seed JSON file") },
                "--dir" => options with { Directory = Value(args, ref i, "the directory for the kubeconfig and seed") },
                "--timeout" => options with { OnceTimeout = TimeSpan.FromSeconds(Seconds(arg, Value(args, ref i, SecondsAllowed))) },
                _ => throw new ArgumentException($"unknown option \"{arg}\": allowed are {KnownOptions}"),
            };
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i, string allowed)
    {
        // A following option is not a value: "--seed --once" is a forgotten path, not a file named "--once".
        if (i + 1 >= args.Count || args[i + 1].Length == 0 || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]} needs a value: {allowed}");
        }

        return args[++i];
    }

    private static int Port(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ArgumentException($"invalid {name} \"{value}\": must be {PortAllowed}");

    private static int Seconds(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : throw new ArgumentException($"invalid {name} \"{value}\": must be {SecondsAllowed}");
}
