namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

/// <summary>How the fake serves the tenant (M2/M5) endpoints: as before the sunset, or retired (410 / 404).</summary>
public enum TenantEndpointMode
{
    Serving,
    Gone,
    NotFound,
}
