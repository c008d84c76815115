namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>One <c>additionalPrinterColumns</c> entry of a CRD version.</summary>
public sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);
