namespace AtlasRestoreOperator.Entities;

/// <summary>The Atlas API a restore was resolved to; recorded in <c>status.api</c> and never changed afterwards.</summary>
public enum ResolvedApi
{
    Flex,
    Tenant,
}
