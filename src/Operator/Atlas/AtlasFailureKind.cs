namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>What a failed call means for the exactly-once protocol.</summary>
public enum AtlasFailureKind
{
    /// <summary>Atlas answered and refused (400, 401, 403, 404, 409, 410, 429, ...): nothing was created.</summary>
    Rejected,
    /// <summary>No definite answer (timeout, connection reset, 5xx): a POST may have created the job.</summary>
    Ambiguous,
}
