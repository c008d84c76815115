namespace AtlasRestoreOperator.Entities.Schema;

/// <summary>Names the custom resource a class is the root of; the CRD generator reads it.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CustomResourceAttribute(string group, string version, string kind, string plural) : Attribute
{
    public string Group { get; } = group;
    public string Version { get; } = version;
    public string Kind { get; } = kind;
    public string Plural { get; } = plural;
    public string[] ShortNames { get; init; } = [];
    public string[] Categories { get; init; } = [];
    public bool Namespaced { get; init; } = true;
    public bool StatusSubresource { get; init; } = true;
}
