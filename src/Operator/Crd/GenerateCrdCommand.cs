namespace AtlasRestoreOperator.Operator.Crd;

/// <summary>
/// <c>generate-crd [--output PATH|-]</c>: writes the CRD where the repository keeps it (found by walking up to the
/// solution file), or to the given path, or to standard output with <c>--output -</c>.
/// </summary>
public static class GenerateCrdCommand
{
    public const string Name = "generate-crd";

    public const string Usage = "usage: generate-crd [--output PATH|-]";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr) =>
        Run(args, stdout, stderr, Directory.GetCurrentDirectory());

    /// <summary>
    /// Runs the command as if started in <paramref name="workingDirectory"/>: the default path is searched from there
    /// and a relative <c>--output</c> is taken from there (tests pass a temporary directory).
    /// </summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentException.ThrowIfNullOrWhiteSpace(workingDirectory);

        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] != "--output")
            {
                stderr.WriteLine($"generate-crd: unknown argument \"{args[i]}\"; {Usage}");
                return 2;
            }

            if (i + 1 >= args.Count || args[i + 1].Length == 0)
            {
                stderr.WriteLine($"generate-crd: --output needs a path (or - for standard output); {Usage}");
                return 2;
            }

            if (output is not null)
            {
                stderr.WriteLine($"generate-crd: --output given twice; {Usage}");
                return 2;
            }

            output = args[++i];
        }

        var yaml = CrdGenerator.GenerateYaml();
        if (output == "-")
        {
            stdout.Write(yaml);
            return 0;
        }

        var path = output is null ? DefaultOutputPath(workingDirectory) : Path.GetFullPath(output, Path.GetFullPath(workingDirectory));
        if (path is null)
        {
            stderr.WriteLine($"generate-crd: no AtlasRestoreOperator.sln in {workingDirectory} or above it; pass --output PATH");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        stdout.WriteLine($"wrote {path}");
        return 0;
    }

    private static string? DefaultOutputPath(string workingDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(workingDirectory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AtlasRestoreOperator.sln")))
            {
                return Path.Combine(dir.FullName, CrdGenerator.RelativeOutputPath);
            }
        }

        return null;
    }
}
