namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>
/// A test of the Native AOT binary. With <c>ASR_SKIP_AOT=1</c> xunit reports it as skipped, with the reason, rather
/// than as a pass that never ran the binary. The variable is read when tests are discovered, which happens in the
/// same test process as the run.
/// </summary>
public sealed class AotFactAttribute : FactAttribute
{
    public AotFactAttribute()
    {
        if (AotBinary.SkipRequested)
        {
            Skip = $"{AotBinary.SkipVariable}=1: the Native AOT binary is not tested in this run (publish it with `{AotBinary.PublishCommand}`)";
        }
    }
}
