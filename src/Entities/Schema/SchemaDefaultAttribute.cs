namespace AtlasRestoreOperator.Entities.Schema;

/// <summary>The value the API server fills in when the field is absent (structural-schema <c>default</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaDefaultAttribute(string value) : Attribute
{
    public string Value { get; } = value;
}
