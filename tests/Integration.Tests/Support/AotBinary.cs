namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>
/// Finds the Native AOT operator that <c>.ci/run</c> publishes into <c>artifacts/aot/</c> before the tests run. A missing
/// binary fails the test with the command to build it; only <c>ASR_SKIP_AOT=1</c> opts out, and then the test reports
/// as skipped (<see cref="AotFactAttribute"/>), so CI cannot pass silently.
/// </summary>
public static class AotBinary
{
    public const string SkipVariable = "ASR_SKIP_AOT";
    public const string FileName = "atlas-restore-operator";
    public const string PublishCommand = "bash build/publish-aot.sh artifacts/aot";

    /// <summary>True when the developer asked to skip the AOT tests.</summary>
    public static bool SkipRequested => Environment.GetEnvironmentVariable(SkipVariable) == "1";

    /// <summary>The binary's path; throws with the publish command when it is absent.</summary>
    public static string Locate()
    {
        var root = RepositoryRoot.Find();
        var path = Path.Combine(root, "artifacts", "aot", FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Native AOT operator {path} does not exist. Publish it with `{PublishCommand}` from {root} " +
                $"(needs clang and zlib1g-dev), or set {SkipVariable}=1 to skip the AOT tests.", path);
        }

        return path;
    }
}
