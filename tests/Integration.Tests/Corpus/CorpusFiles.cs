namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>Finds the corpus folders in the source tree, so the files a reader sees are exactly the files tested.</summary>
public static class CorpusFiles
{
    public static string InvalidDirectory => Path.Combine(RepositoryRoot(), "tests", "Integration.Tests", "Corpus", "invalid");

    public static IReadOnlyList<InvalidManifest> InvalidManifests() =>
        Directory.GetFiles(InvalidDirectory, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => InvalidManifest.Parse(Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AtlasRestoreOperator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no AtlasRestoreOperator.sln above {AppContext.BaseDirectory}");
    }
}
