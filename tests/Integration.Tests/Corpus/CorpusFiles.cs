using AtlasRestoreOperator.Integration.Tests.Support;

namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>Finds the corpus folders in the source tree, so the files a reader sees are exactly the files tested.</summary>
public static class CorpusFiles
{
    public static string InvalidDirectory => Path.Combine(RepositoryRoot.Find(), "tests", "Integration.Tests", "Corpus", "invalid");

    public static IReadOnlyList<InvalidManifest> InvalidManifests() =>
        Directory.GetFiles(InvalidDirectory, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => InvalidManifest.Parse(Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();
}
