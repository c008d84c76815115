namespace AtlasRestoreOperator.Entities.Tests;

/// <summary>Finds files of the repository the tests run from (the folder holding the solution file).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AtlasRestoreOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AtlasRestoreOperator.sln not found above " + AppContext.BaseDirectory);
    }
}
