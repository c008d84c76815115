using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

/// <summary>
/// The watch echoes every status write the operator makes; those reconciles must not turn into extra Atlas polls
/// (the benchmarks counted three extra GETs per restore before this).
/// </summary>
public sealed class PollEchoTests
{
    private readonly RestoreScenario scenario = new();

    [Fact]
    public async Task A_reconcile_of_its_own_unchanged_write_waits_for_the_poll_instead_of_calling_Atlas()
    {
        scenario.Atlas.NewJobScript = ["QUEUED", "RUNNING", "COMPLETED"];
        scenario.Apply();
        var submitted = await scenario.ReconcileAsync();
        var polls = scenario.Atlas.CallsOf("GetRestoreJob");
        scenario.Time.Advance(TimeSpan.FromSeconds(4));

        var echo = await scenario.ReconcileAsync();

        echo.Should().Be(ReconcileResult.After(submitted.RequeueAfter!.Value - TimeSpan.FromSeconds(4)));
        scenario.Atlas.CallsOf("GetRestoreJob").Should().Be(polls, "nothing changed since the job was recorded");

        scenario.Time.Advance(echo.RequeueAfter!.Value);
        await scenario.ReconcileAsync();

        scenario.Atlas.CallsOf("GetRestoreJob").Should().Be(polls + 1, "the poll is due");
        scenario.Atlas.Posts.Should().Be(1);
    }

    [Fact]
    public async Task The_echo_of_a_status_change_written_by_a_poll_does_not_poll_again()
    {
        scenario.Atlas.NewJobScript = ["QUEUED", "RUNNING", "COMPLETED"];
        scenario.Apply();
        var result = await scenario.ReconcileAsync();
        scenario.Time.Advance(result.RequeueAfter!.Value);
        await scenario.ReconcileAsync(); // QUEUED -> RUNNING is written
        var polls = scenario.Atlas.CallsOf("GetRestoreJob");
        var writes = scenario.Store.StatusWrites.Count;

        await scenario.ReconcileAsync();

        scenario.Atlas.CallsOf("GetRestoreJob").Should().Be(polls);
        scenario.Store.StatusWrites.Count.Should().Be(writes);
    }

    [Fact]
    public async Task A_change_by_someone_else_is_looked_at_straight_away()
    {
        scenario.Atlas.NewJobScript = ["QUEUED", "RUNNING", "COMPLETED"];
        scenario.Apply();
        await scenario.ReconcileAsync();
        var polls = scenario.Atlas.CallsOf("GetRestoreJob");
        scenario.Store.Modify(scenario.Key, r =>
        {
            r.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };
            return r;
        });

        await scenario.ReconcileAsync();

        scenario.Atlas.CallsOf("GetRestoreJob").Should().Be(polls + 1);
    }

    [Fact]
    public async Task After_a_restart_the_first_reconcile_polls()
    {
        scenario.Atlas.NewJobScript = ["QUEUED", "RUNNING", "COMPLETED"];
        scenario.Apply();
        await scenario.ReconcileAsync();
        var polls = scenario.Atlas.CallsOf("GetRestoreJob");

        await scenario.NewReconciler().ReconcileAsync(scenario.Key, CancellationToken.None);

        scenario.Atlas.CallsOf("GetRestoreJob").Should().Be(polls + 1, "a new process remembers nothing, so it looks");
    }
}
