namespace AtlasRestoreOperator.Config.Tests.Support;

/// <summary>Paths of files in the repository the tests run from (the folder holding the solution file).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AtlasRestoreOperator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AtlasRestoreOperator.sln was not found above {AppContext.BaseDirectory}");
    }
}
