using AtlasRestoreOperator.Integration.Tests.Support;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>
/// Finds atlas-restore-operator.dll in src/Operator's own build output, whose deps.json and package assemblies are
/// complete; a copy beside the tests (the project reference copies it) is only a fallback, since the test's folder
/// lacks the packages the operator takes from NuGet rather than from a shared framework.
/// </summary>
public static class OperatorAssembly
{
    private const string FileName = "atlas-restore-operator.dll";

    public static string Path { get; } = Find();

    private static string Find()
    {
        // tests/Integration.Tests/bin/<Configuration>/<tfm>/ -> src/Operator/bin/<Configuration>/<tfm>/
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var built = System.IO.Path.Combine(RepositoryRoot.Find(), "src", "Operator", "bin", tfm.Parent!.Name, tfm.Name, FileName);
        if (File.Exists(built))
        {
            return built;
        }

        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(beside) && File.Exists(System.IO.Path.ChangeExtension(beside, ".runtimeconfig.json"))
            ? beside
            : throw new FileNotFoundException($"{FileName} not found at {built} or beside the tests; build src/Operator first");
    }
}
