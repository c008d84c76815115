namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>How the six retired M2/M5 tenant endpoints answer; the live behaviour after the 2026-01-22 sunset is not confirmed.</summary>
public enum TenantApiMode
{
    /// <summary>The endpoints work as they did before the sunset.</summary>
    Serving,

    /// <summary>Every tenant path answers 410 <c>VERSION_GONE</c>.</summary>
    Gone,

    /// <summary>Every tenant path answers 404 as an unknown resource.</summary>
    NotFound,
}
