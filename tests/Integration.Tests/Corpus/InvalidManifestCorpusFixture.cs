using System.Collections.Concurrent;
using System.Diagnostics;
using AtlasRestoreOperator.Integration.Tests.Support;

namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>
/// Applies every file of Corpus/invalid with the real kubectl against one Kubernetes emulator with the project's CRD,
/// in two parallel lanes (each file on its own, so every refusal is attributed to exactly one file); the theory rows
/// then assert on what kubectl printed.
/// </summary>
public sealed class InvalidManifestCorpusFixture : IAsyncLifetime
{
    private const int Lanes = 2;
    private readonly ConcurrentDictionary<string, InvalidManifestOutcome> outcomes = new();
    private readonly string stateDirectory = Directory.CreateTempSubdirectory("asr-corpus-kubectl-").FullName;

    public RestoreEnvironment Environment { get; private set; } = null!;

    public TimeSpan Elapsed { get; private set; }

    public int KubectlCalls => outcomes.Values.Sum(o => o.Manifest.MergePatch is null ? 1 : 2);

    public IReadOnlyCollection<InvalidManifestOutcome> Outcomes => outcomes.Values.ToList();

    public InvalidManifestOutcome OutcomeOf(string fileName) => outcomes[fileName];

    public async Task InitializeAsync()
    {
        Environment = await RestoreEnvironment.StartAsync(new RestoreEnvironmentOptions { CreateCredentialsSecret = false });
        var pending = new ConcurrentQueue<InvalidManifest>(CorpusFiles.InvalidManifests());
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => Task.Run(async () =>
        {
            var kubectl = new KubectlRunner(Environment.KubeconfigPath, Path.Combine(stateDirectory, $"lane-{lane}"), CorpusFiles.InvalidDirectory);
            while (pending.TryDequeue(out var manifest))
            {
                outcomes[manifest.FileName] = await ApplyAsync(kubectl, manifest);
            }
        })));
        Elapsed = started.Elapsed;
    }

    public async Task DisposeAsync()
    {
        await Environment.DisposeAsync();
        Directory.Delete(stateDirectory, recursive: true);
    }

    private static async Task<InvalidManifestOutcome> ApplyAsync(KubectlRunner kubectl, InvalidManifest manifest)
    {
        if (manifest.MergePatch is { } patch)
        {
            var created = await kubectl.RunAsync(["apply", "-f", manifest.FileName], CancellationToken.None);
            var patched = await kubectl.RunAsync(["patch", "atlassharedrestore", manifest.ObjectName, "--type=merge", "-p", patch], CancellationToken.None);
            return new InvalidManifestOutcome(manifest, patched, created);
        }

        // A file with several documents creates the object with the first and edits it with the next, in one run.
        var result = await kubectl.RunAsync(["apply", "-f", manifest.FileName], CancellationToken.None);
        return new InvalidManifestOutcome(manifest, result, manifest.DocumentCount > 1 ? result : null);
    }
}
