namespace AtlasRestoreOperator.Entities.Schema;

/// <summary>A regular expression (RE2 syntax, as the API server evaluates it) the string must match.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string pattern) : Attribute
{
    public string Pattern { get; } = pattern;
}
