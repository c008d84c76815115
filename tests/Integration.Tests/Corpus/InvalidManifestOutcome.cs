using AtlasRestoreOperator.Integration.Tests.Support;

namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>What kubectl printed for one corpus file: the refused call, and for an edit the create that preceded it.</summary>
public sealed record InvalidManifestOutcome(InvalidManifest Manifest, KubectlResult Refused, KubectlResult? Created);
