namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// The delay before the next poll of a running job: it starts at the initial interval and doubles up to the cap.
/// It is derived from the time since the job was first recorded (polling at 0, 10, 30, 70, 130 s gives 10, 20, 40,
/// 60, 60 s), so it needs no memory and survives a restart.
/// </summary>
public static class PollSchedule
{
    public static TimeSpan NextDelay(TimeSpan sinceStart, TimeSpan initial, TimeSpan max)
    {
        var elapsed = sinceStart < TimeSpan.Zero ? TimeSpan.Zero : sinceStart;
        var next = elapsed + initial;
        return next > max ? max : next;
    }
}
