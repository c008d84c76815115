namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>Finds atlas-restore-operator.dll: next to the tests (the project reference copies it), else in src/Operator's build output.</summary>
public static class OperatorAssembly
{
    private const string FileName = "atlas-restore-operator.dll";

    public static string Path { get; } = Find();

    private static string Find()
    {
        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(beside) && File.Exists(System.IO.Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        // tests/Integration.Tests/bin/<Configuration>/<tfm>/ -> src/Operator/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        var repository = configuration.Parent!.Parent!.Parent!.Parent!;
        var built = System.IO.Path.Combine(repository.FullName, "src", "Operator", "bin", configuration.Name, tfm.Name, FileName);
        return File.Exists(built)
            ? built
            : throw new FileNotFoundException($"{FileName} not found beside the tests or at {built}; build src/Operator first");
    }
}
