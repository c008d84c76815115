using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;

namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>
/// One valid manifest that cannot be restored: how the environment is arranged, the spec applied, and what the user
/// must then see on the Stalled condition (reason and a fragment of the message) and in the Warning event's reason.
/// </summary>
public sealed record SemanticFailureCase(
    string Name,
    Func<RestoreEnvironment, Task> Arrange,
    AtlasSharedRestoreSpec Spec,
    RestorePhase Phase,
    string StalledReason,
    string EventReason,
    string MessageFragment)
{
    /// <summary>Secret values the case puts in play (right or wrong); none may show up in logs, events or status.</summary>
    public IReadOnlyList<string> SecretValues { get; init; } = [];

    public override string ToString() => Name;
}
