namespace AtlasRestoreOperator.Operator.Crd;

/// <summary>
/// <c>generate-crd [--output PATH]</c>: writes the CRD where the repository keeps it (found by walking up to the
/// solution file), or to the given path, or to standard output with <c>--output -</c>.
/// </summary>
public static class GenerateCrdCommand
{
    public const string Name = "generate-crd";

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--output" && i + 1 < args.Count)
            {
                output = args[++i];
            }
            else
            {
                stderr.WriteLine($"generate-crd: unknown argument \"{args[i]}\"; usage: generate-crd [--output PATH|-]");
                return 2;
            }
        }

        var yaml = CrdGenerator.GenerateYaml();
        if (output == "-")
        {
            stdout.Write(yaml);
            return 0;
        }

        output ??= DefaultOutputPath();
        if (output is null)
        {
            stderr.WriteLine("generate-crd: no AtlasRestoreOperator.sln above the current directory; pass --output PATH");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, yaml);
        stdout.WriteLine($"wrote {output}");
        return 0;
    }

    private static string? DefaultOutputPath()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AtlasRestoreOperator.sln")))
            {
                return Path.Combine(dir.FullName, CrdGenerator.RelativeOutputPath);
            }
        }

        return null;
    }
}
