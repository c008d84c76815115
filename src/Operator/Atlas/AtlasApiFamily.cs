namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>The two restore API families: the retired M2/M5 tenant endpoints and the Flex endpoints.</summary>
public enum AtlasApiFamily
{
    /// <summary><c>/groups/{g}/flexClusters/{name}/backup/...</c>, media type 2024-11-13.</summary>
    Flex,
    /// <summary><c>/groups/{g}/clusters/{name}/backup/tenant/...</c>, media type 2023-01-01.</summary>
    Tenant,
}
