namespace AtlasRestoreOperator.Entities.Schema;

/// <summary>Bounds on a string's length (<c>minLength</c>/<c>maxLength</c>); -1 leaves a side unbounded.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LengthAttribute(int minLength = -1, int maxLength = -1) : Attribute
{
    public int MinLength { get; } = minLength;
    public int MaxLength { get; } = maxLength;
}
