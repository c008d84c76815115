namespace AtlasRestoreOperator.Entities.Schema;

/// <summary>The property must be present: it is listed in its object's <c>required</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;
