namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;

/// <summary>An authenticated API key or service account: its public identity and its project roles.</summary>
internal sealed record Caller(string Identity, IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectRoles)
{
    public bool HasAnyRole(string projectId) =>
        ProjectRoles.TryGetValue(projectId, out IReadOnlyList<string>? roles) && roles.Count > 0;

    public bool HasRole(string projectId, string role) =>
        ProjectRoles.TryGetValue(projectId, out IReadOnlyList<string>? roles) && roles.Contains(role, StringComparer.Ordinal);
}
