namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>A resource the emulator serves: a built-in kind or one defined by a CRD.</summary>
public sealed record ResourceDefinition
{
    public required string Group { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    /// <summary>Served versions in preference order.</summary>
    public required IReadOnlyList<ResourceVersionInfo> Versions { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>True for kinds defined by a CRD: strategic merge patch is refused and PUT needs a resourceVersion.</summary>
    public bool IsCustom { get; init; }

    /// <summary>True when a PUT must carry metadata.resourceVersion (custom resources, CRDs, leases keep optimistic locking).</summary>
    public bool RequiresResourceVersionOnUpdate { get; init; }

    public string ListKind => Kind + "List";

    /// <summary>Key of the resource across versions: "plural.group" (or just "plural" for core).</summary>
    public string Key => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The qualified resource used in registry errors: "widgets.example.com", "secrets".</summary>
    public string QualifiedResource => Key;

    /// <summary>The qualified kind used in validation errors: "Widget.example.com", "Secret".</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public ResourceVersionInfo PreferredVersion => Versions[0];

    public ResourceVersionInfo? FindVersion(string version) => Versions.FirstOrDefault(v => v.Name == version);

    public string ApiVersion(string version) => Group.Length == 0 ? version : $"{Group}/{version}";
}
