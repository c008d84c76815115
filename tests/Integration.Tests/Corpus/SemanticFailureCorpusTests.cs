using System.Text.Json;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace AtlasRestoreOperator.Integration.Tests.Corpus;

/// <summary>
/// The semantic-failure corpus against both emulators and an in-process operator: each case ends in its own Stalled
/// condition and Warning event with zero restore jobs in Atlas, and no secret value (right or wrong) shows up in a
/// log line, an event or the object.
/// </summary>
public sealed class SemanticFailureCorpusTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RestoreEnvironment environment = null!;

    public static TheoryData<string> Cases() => new(SemanticFailureCases.All.Select(c => c.Name));

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_case_ends_in_its_own_stalled_condition_with_zero_jobs(string caseName)
    {
        var failure = SemanticFailureCases.Named(caseName);
        await failure.Arrange(environment);
        environment.StartOperator();

        await environment.CreateRestoreAsync(caseName, failure.Spec);
        var stalled = await environment.WaitForAsync(caseName, r => StalledOf(r)?.Status == "True");
        var warning = await WaitForWarningAsync(caseName, failure.EventReason);

        var condition = StalledOf(stalled)!;
        output.WriteLine($"{caseName}: phase {stalled.Status!.Phase}, Stalled {condition.Reason}, event {warning.Reason}: {condition.Message}");
        condition.Reason.Should().Be(failure.StalledReason);
        condition.Message.Should().Contain(failure.MessageFragment);
        stalled.Status.Phase.Should().Be(failure.Phase);
        stalled.Status.Job.Should().BeNull();
        stalled.Status.Conditions.Should().Contain(c => c.Type == RestoreCondition.Ready && c.Status == "False");
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Be(condition.Message);
        environment.Atlas.State.RestoreJobs.Should().BeEmpty("no restore job may exist for input Atlas cannot restore");
        environment.AcceptedPosts().Should().Be(0);

        await ShouldNotLeakAsync(caseName, SemanticFailureCases.DemoSecretValues.Concat(failure.SecretValues).ToList());
    }

    [Fact]
    public void The_corpus_has_at_least_15_cases_each_with_its_own_outcome()
    {
        var cases = SemanticFailureCases.All;

        cases.Should().HaveCountGreaterThanOrEqualTo(15);
        cases.Select(c => c.Name).Should().OnlyHaveUniqueItems();
        // The retired tenant API answers 410 or 404 depending on Atlas; to the user both mean the same thing.
        cases.Where(c => c.Name != "tenant-api-not-found").Select(c => c.MessageFragment)
            .Should().OnlyHaveUniqueItems("every other case tells the user something different");
        cases.Select(c => (c.StalledReason, c.EventReason)).Distinct().Should().HaveCountGreaterThanOrEqualTo(12);
    }

    private static RestoreCondition? StalledOf(AtlasSharedRestore restore) =>
        restore.Status?.Conditions?.FirstOrDefault(c => c.Type == RestoreCondition.Stalled);

    /// <summary>Scans every captured log line, every Event in the namespace and the stored object for the values.</summary>
    private async Task ShouldNotLeakAsync(string name, IReadOnlyList<string> secretValues)
    {
        // Each Event whole, as the API server stores it (KubernetesClient.Aot cannot write managedFields back out).
        var events = environment.Kube.Store.List("", "events", RestoreEnvironment.Namespace).Select(e => e.ToJsonString()).ToList();
        events.Should().NotBeEmpty("every case records a Warning event");
        var restore = await environment.GetRestoreAsync(name);
        var written = environment.Logs.Lines
            .Concat(events)
            .Append(JsonSerializer.Serialize(restore!, EntitiesJsonContext.Default.AtlasSharedRestore))
            .ToList();
        written.Should().NotBeEmpty();
        foreach (var value in secretValues.Where(v => v.Length > 0))
        {
            written.Should().NotContain(line => line.Contains(value, StringComparison.Ordinal), "a secret value must never be written anywhere");
        }
    }

    /// <summary>Awaits the Warning event with the reason about the object, following a watch of Events.</summary>
    private Task<Corev1Event> WaitForWarningAsync(string name, string reason) => environment.WaitForEventAsync(name, reason);
}
