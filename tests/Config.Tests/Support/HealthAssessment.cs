namespace AtlasRestoreOperator.Config.Tests.Support;

/// <summary>What Argo CD shows for a resource: the health status and its message.</summary>
internal sealed record HealthAssessment(string Status, string Message);
