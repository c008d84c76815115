using Xunit.Abstractions;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>The fault matrix rows where Atlas misbehaves: 5xx, 429, timeouts, dropped connections, lost answers.</summary>
public sealed class AtlasFaultMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<FaultMatrixCase> Cases() => new(
        FaultMatrixCase.Atlas500, FaultMatrixCase.Atlas503, FaultMatrixCase.Atlas429WithRetryAfter,
        FaultMatrixCase.AtlasTimeout, FaultMatrixCase.AtlasDroppedConnection, FaultMatrixCase.AtlasCreateThenDrop);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Under_atlas_faults_every_restore_converges_with_exactly_one_job(FaultMatrixCase matrixCase) =>
        FaultMatrix.RunAsync(matrixCase, output);
}
