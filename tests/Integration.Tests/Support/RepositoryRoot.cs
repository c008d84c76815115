namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>The checkout the tests run from (where config/samples lives).</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AtlasRestoreOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no AtlasRestoreOperator.sln above {AppContext.BaseDirectory}");
    }
}
