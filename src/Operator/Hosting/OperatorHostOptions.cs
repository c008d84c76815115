using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// Everything <see cref="OperatorHost"/> needs: the process configuration, plus hooks that tests and the sandbox use
/// to shorten the protocol's waits (poll intervals, grace periods, leases) without new command-line flags.
/// </summary>
public sealed record OperatorHostOptions(OperatorOptions Operator)
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Adjusts the reconciler's options after they are derived from <see cref="Operator"/>.</summary>
    public Func<RestoreOperatorOptions, RestoreOperatorOptions>? ConfigureRestore { get; init; }

    /// <summary>Adjusts the Atlas client's options after they are derived from <see cref="Operator"/>.</summary>
    public Func<AtlasClientOptions, AtlasClientOptions>? ConfigureAtlas { get; init; }

    /// <summary>
    /// Adjusts the informer's options (watch timeouts, stale threshold, reconnect backoff) after they are derived from
    /// <see cref="Operator"/>.
    /// </summary>
    public Func<InformerOptions, InformerOptions>? ConfigureInformer { get; init; }
}
