namespace AtlasRestoreOperator.Entities.Schema;

/// <summary>An <c>additionalPrinterColumns</c> entry of the CRD, in the order given by <see cref="Order"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(int order, string name, string jsonPath, string type = "string") : Attribute
{
    public int Order { get; } = order;
    public string Name { get; } = name;
    public string JsonPath { get; } = jsonPath;
    public string Type { get; } = type;
    public string? Description { get; init; }
    public int Priority { get; init; }
}
