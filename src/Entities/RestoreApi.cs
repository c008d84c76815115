namespace AtlasRestoreOperator.Entities;

/// <summary>Which Atlas restore API <c>spec.api</c> asks for.</summary>
public enum RestoreApi
{
    /// <summary>Ask the Flex API first; fall back to the tenant API for a non-Flex source cluster.</summary>
    Auto,
    /// <summary>The Flex restore-job endpoints (media type 2024-11-13).</summary>
    Flex,
    /// <summary>The retired M2/M5 tenant restore endpoints (media type 2023-01-01).</summary>
    Tenant,
}
