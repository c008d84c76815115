using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>Atlas credentials read from a Secret, with where they came from (for messages) and the optional orgId.</summary>
public sealed record ResolvedCredentials(AtlasCredentials Credentials, SecretLocation Secret, string? OrgId);
