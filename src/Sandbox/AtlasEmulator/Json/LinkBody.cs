namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>An RFC 5988 link of a list envelope.</summary>
internal sealed record LinkBody(string Href, string Rel);
