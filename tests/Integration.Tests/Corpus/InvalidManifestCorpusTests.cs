using AtlasRestoreOperator.Integration.Tests.Support;
using Xunit.Abstractions;

namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>
/// The bad-input corpus: every manifest in Corpus/invalid is refused by the API server when applied with the real
/// kubectl, and kubectl's error names the offending field exactly as the file's <c># expect:</c> lines say.
/// </summary>
public sealed class InvalidManifestCorpusTests(InvalidManifestCorpusFixture corpus, ITestOutputHelper output) : IClassFixture<InvalidManifestCorpusFixture>
{
    public static TheoryData<string> Files() => new(CorpusFiles.InvalidManifests().Select(m => m.FileName));

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Kubectl_apply_is_refused_with_the_field_named(string fileName)
    {
        var outcome = corpus.OutcomeOf(fileName);
        output.WriteLine($"{outcome.Manifest.Title}\n{outcome.Refused}");

        outcome.Refused.ExitCode.Should().NotBe(0, "kubectl must fail for {0}", fileName);
        foreach (var expected in outcome.Manifest.Expectations)
        {
            outcome.Refused.StandardError.Should().Contain(expected);
        }

        var stored = (await corpus.Environment.Restores.ListAsync(RestoreEnvironment.Namespace, CancellationToken.None)).Items
            .SingleOrDefault(r => r.Metadata.Name == outcome.Manifest.ObjectName);
        if (outcome.Manifest.EditsAfterCreate)
        {
            outcome.Created!.StandardOutput.Should().Contain($"atlassharedrestore.atlasrestore.io/{outcome.Manifest.ObjectName} created");
            stored.Should().NotBeNull();
            stored!.Metadata.Generation.Should().Be(1, "the refused edit must leave the created spec untouched");
        }
        else
        {
            stored.Should().BeNull("a refused manifest creates nothing");
        }
    }

    [Fact]
    public void The_corpus_holds_at_least_40_manifests_across_every_kind_of_mistake()
    {
        var files = corpus.Outcomes.Select(o => o.Manifest.FileName).ToList();
        output.WriteLine($"{files.Count} files, {corpus.KubectlCalls} kubectl calls in {corpus.Elapsed.TotalSeconds:0.0}s over 2 lanes");

        files.Should().HaveCountGreaterThanOrEqualTo(40);
        foreach (var prefix in new[] { "snapshot-id-", "project-id-", "cluster-name-", "target-name-", "missing-", "unknown-", "name-", "api-", "existing-job-policy-", "edit-apply-", "edit-patch-" })
        {
            files.Should().Contain(f => f.StartsWith(prefix, StringComparison.Ordinal), "the corpus covers {0}*", prefix);
        }
    }
}
