using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

/// <summary>Atlas failures as the real client reports them.</summary>
internal static class AtlasErrors
{
    public static AtlasApiException Rejected(int status, string code, string detail = "", TimeSpan? retryAfter = null) =>
        new($"Atlas answered {status} {code}", AtlasFailureKind.Rejected, status, code, detail, retryAfter: retryAfter);

    public static AtlasApiException Ambiguous(int? status = null) =>
        new(status is null ? "the request timed out" : $"Atlas answered {status}", AtlasFailureKind.Ambiguous, status);
}
