namespace AtlasRestoreOperator.Bench;

/// <summary>
/// A build of the operator to start as its own process: the JIT build (<c>dotnet atlas-restore-operator.dll</c>) or the
/// Native AOT executable. <see cref="MissingReason"/> says why a build cannot run (not built yet).
/// </summary>
public sealed record OperatorBuild(string Name, string FileName, IReadOnlyList<string> PrefixArguments, string? MissingReason)
{
    public bool IsAvailable => MissingReason is null;

    public static OperatorBuild Jit(string repositoryRoot)
    {
        var dll = Path.Combine(repositoryRoot, "src", "Operator", "bin", "Release", "net10.0", "atlas-restore-operator.dll");
        return new OperatorBuild("JIT", "dotnet", [dll],
            File.Exists(dll) ? null : $"{dll} not found: run `dotnet build -c Release src/Operator`");
    }

    public static OperatorBuild Aot(string repositoryRoot)
    {
        var executable = Path.Combine(repositoryRoot, "artifacts", "aot", "atlas-restore-operator");
        return new OperatorBuild("AOT", executable, [],
            File.Exists(executable) ? null : $"{executable} not found: run `bash build/publish-aot.sh artifacts/aot`");
    }
}
