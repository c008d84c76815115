using System.Text.Json.Nodes;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;

namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>
/// What Flux's <c>wait: true</c> (and <c>kubectl wait</c>-style tools built on kstatus) conclude from each status the
/// operator writes: every successful status PUT is recorded through a proxy, in order, and judged by kstatus's rules.
/// A restore must read as in progress until it is Completed and then as Current; one that cannot succeed must read
/// as Failed as soon as that is known, so the wait stops at once instead of running out its timeout.
/// Only condition types, statuses and generations are asserted, not reasons.
/// </summary>
public sealed class KstatusTests : IAsyncLifetime
{
    private RestoreEnvironment environment = null!;
    private RecordingKubeProxy proxy = null!;
    private OperatorInstance instance = null!;

    public async Task InitializeAsync()
    {
        environment = await RestoreEnvironment.StartAsync();
        proxy = await RecordingKubeProxy.StartAsync(environment.Kube.BaseUrl);
        var kubeconfig = proxy.WriteKubeconfig(
            Path.Combine(Path.GetDirectoryName(environment.KubeconfigPath)!, "recorded-kubeconfig"), environment.Kube.BearerToken);
        instance = environment.StartOperator(kubeconfigPath: kubeconfig);
    }

    public async Task DisposeAsync()
    {
        await environment.DisposeAsync();
        await proxy.DisposeAsync();
    }

    [Fact]
    public async Task Flux_wait_true_sees_in_progress_until_the_restore_completes_then_current()
    {
        await environment.CreateRestoreAsync("kstatus-flex", RestoreEnvironment.FlexSpec());
        var done = await environment.WaitForAsync("kstatus-flex", r => r.IsTerminal(), TimeSpan.FromSeconds(60));
        done.Status!.Phase.Should().Be(RestorePhase.Completed);

        var writes = await StatusWritesAsync("kstatus-flex");
        var verdicts = writes.Select(Kstatus.Compute).ToList();
        var trace = Trace(writes, verdicts);

        verdicts.Should().HaveCountGreaterThan(1, "the restore passes through in-progress phases first; " + trace);
        verdicts[^1].Should().Be(KstatusStatus.Current, "the completed restore is ready for whatever depends on it; " + trace);
        verdicts.Should().NotContain(KstatusStatus.Failed, trace);
        var firstCurrent = verdicts.IndexOf(KstatusStatus.Current);
        verdicts.Take(firstCurrent).Where(v => v != KstatusStatus.InProgress).Should().BeEmpty(trace);
        verdicts.Skip(firstCurrent).Where(v => v != KstatusStatus.Current).Should().BeEmpty(trace);
        writes.Select(PhaseOf).Take(firstCurrent).Should().NotContain(nameof(RestorePhase.Completed),
            "Completed must be Current from its first write; " + trace);
        for (var i = 0; i < writes.Count; i++)
        {
            if (verdicts[i] == KstatusStatus.Current)
            {
                PhaseOf(writes[i]).Should().Be(nameof(RestorePhase.Completed), $"write {i} must not read as done before the restore is; {trace}");
            }
        }

        AssertConsistent(writes, trace);
    }

    [Fact]
    public async Task Flux_wait_true_fails_fast_when_preflight_finds_the_restore_impossible()
    {
        await environment.CreateRestoreAsync("kstatus-no-target",
            RestoreEnvironment.FlexSpec(s => s with { TargetDeploymentItemName = "no-such-target" }));
        var failed = await environment.WaitForAsync("kstatus-no-target", r => r.IsTerminal());
        failed.Status!.Phase.Should().Be(RestorePhase.Failed);

        await AssertFailsFastAsync("kstatus-no-target");
    }

    [Fact]
    public async Task Flux_wait_true_fails_fast_when_the_credentials_secret_is_missing()
    {
        await environment.CreateRestoreAsync("kstatus-no-secret",
            RestoreEnvironment.FlexSpec(s => s with { ConnectionSecretRef = new SecretReference { Name = "no-such-secret" } }));
        await environment.WaitForAsync("kstatus-no-secret", r => r.Has(RestoreCondition.Stalled, "True"));

        await AssertFailsFastAsync("kstatus-no-secret");
    }

    private async Task AssertFailsFastAsync(string name)
    {
        var writes = await StatusWritesAsync(name);
        var verdicts = writes.Select(Kstatus.Compute).ToList();
        var trace = Trace(writes, verdicts);

        verdicts.Should().NotBeEmpty();
        verdicts.Should().NotContain(KstatusStatus.Current, "a restore that cannot succeed must never read as ready; " + trace);
        var firstFailed = verdicts.IndexOf(KstatusStatus.Failed);
        firstFailed.Should().BeGreaterThanOrEqualTo(0, "the wait must end as failed, not time out; " + trace);
        verdicts.Take(firstFailed).Where(v => v != KstatusStatus.InProgress).Should().BeEmpty(trace);
        verdicts.Skip(firstFailed).Should().AllSatisfy(v => v.Should().Be(KstatusStatus.Failed, "once failed it stays failed; " + trace));
        AssertConsistent(writes, trace);
    }

    /// <summary>Ready and Reconciling never both True, and every write speaks for the generation it was written for.</summary>
    private static void AssertConsistent(IReadOnlyList<JsonObject> writes, string trace)
    {
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            var generation = write["metadata"]!["generation"]!.GetValue<long>();
            write["status"]!["observedGeneration"]?.GetValue<long>().Should().Be(generation, $"write {i}: status.observedGeneration; {trace}");
            var conditions = write["status"]!["conditions"]!.AsArray().OfType<JsonObject>().ToList();
            conditions.Should().NotBeEmpty($"write {i} carries the kstatus conditions; {trace}");
            foreach (var condition in conditions)
            {
                condition["observedGeneration"]?.GetValue<long>().Should().Be(generation,
                    $"write {i}: condition {condition["type"]} must say which generation it describes; {trace}");
            }

            var trueTypes = conditions.Where(c => c["status"]!.GetValue<string>() == "True").Select(c => c["type"]!.GetValue<string>()).ToList();
            trueTypes.Should().NotContain(t => t == RestoreCondition.Ready && trueTypes.Contains(RestoreCondition.Reconciling),
                $"write {i}: Ready and Reconciling cannot both be True; {trace}");
            trueTypes.Should().NotContain(t => t == RestoreCondition.Ready && trueTypes.Contains(RestoreCondition.Stalled),
                $"write {i}: Ready and Stalled cannot both be True; {trace}");
        }
    }

    /// <summary>The objects the API server returned for the operator's successful status writes of one restore, in order.</summary>
    private async Task<IReadOnlyList<JsonObject>> StatusWritesAsync(string name)
    {
        // Stopping the operator first ends its writes, so the record below is complete.
        await instance.StopAsync();
        var path = $"/apis/{AtlasSharedRestore.Group}/{AtlasSharedRestore.Version}/namespaces/{RestoreEnvironment.Namespace}/{AtlasSharedRestore.Plural}/{name}/status";
        return proxy.Requests
            .Where(r => r.Method == "PUT" && r.Path == path && r.StatusCode is >= 200 and < 300)
            .Select(r => JsonNode.Parse(r.ResponseBody!)!.AsObject())
            .ToList();
    }

    private static string? PhaseOf(JsonObject write) => write["status"]?["phase"]?.GetValue<string>();

    private static string Trace(IReadOnlyList<JsonObject> writes, IReadOnlyList<KstatusStatus> verdicts) =>
        "writes (phase: conditions => kstatus): " + string.Join(" | ", writes.Select((w, i) =>
            $"{PhaseOf(w)}: " + string.Join(",", (w["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(c => $"{c["type"]}={c["status"]}")) + $" => {verdicts[i]}"));
}
