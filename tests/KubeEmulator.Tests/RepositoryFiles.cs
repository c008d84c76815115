namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>Finds files of this repository (config/, samples) from the test's output directory.</summary>
public static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "AtlasRestoreOperator.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("AtlasRestoreOperator.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string PathOf(string relative) => Path.Combine(Root, relative);
}
