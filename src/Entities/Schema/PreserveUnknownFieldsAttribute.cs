namespace AtlasRestoreOperator.Entities.Schema;

/// <summary>Marks an object whose unknown fields the API server keeps (<c>x-kubernetes-preserve-unknown-fields</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
