namespace AtlasRestoreOperator.Entities.Schema;

/// <summary>A CEL rule placed in <c>x-kubernetes-validations</c> of the property's schema.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class ValidationRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;
    public string Message { get; } = message;
}
