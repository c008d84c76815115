using Xunit.Abstractions;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>
/// The fault matrix rows where the Kubernetes API misbehaves (watch drops, 410s, 409s, restarts), and the row where
/// everything does at once.
/// </summary>
public sealed class KubernetesFaultMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<FaultMatrixCase> Cases() => new(
        FaultMatrixCase.KubeWatchDrops, FaultMatrixCase.KubeForced410, FaultMatrixCase.KubeStatusConflicts,
        FaultMatrixCase.KubeApiServerRestart, FaultMatrixCase.Everything);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Under_kubernetes_faults_every_restore_converges_with_exactly_one_job(FaultMatrixCase matrixCase) =>
        FaultMatrix.RunAsync(matrixCase, output);

    [Fact]
    public void The_two_classes_cover_every_case_once()
    {
        var covered = AtlasFaultMatrixTests.Cases().Cast<object[]>().Concat(Cases().Cast<object[]>()).Select(row => (FaultMatrixCase)row[0]).ToList();

        covered.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(Enum.GetValues<FaultMatrixCase>());
    }
}
