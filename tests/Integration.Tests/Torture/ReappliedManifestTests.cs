using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using Xunit.Abstractions;

namespace AtlasRestoreOperator.Integration.Tests.Torture;

/// <summary>The same manifests applied again (same name after a delete; a rebuilt cluster restored from Git): no new Atlas job.</summary>
public sealed class ReappliedManifestTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Deleting_and_recreating_the_same_name_while_its_post_is_in_flight_makes_no_second_job()
    {
        await using var harness = await TortureHarness.StartAsync();
        var environment = harness.Environment;
        var held = environment.Atlas.Faults.Hold(AtlasOperations.CreateFlexRestoreJob);
        var process = harness.StartOperator();
        await harness.CreateRestoreAsync("same");
        await held.Arrived.WaitAsync(TimeSpan.FromSeconds(60));

        await environment.DeleteRestoreAsync("same");
        var recreateWhileTerminating = async () => await harness.CreateRestoreAsync("same");
        (await recreateWhileTerminating.Should().ThrowAsync<HttpRequestException>())
            .Which.StatusCode.Should().Be(System.Net.HttpStatusCode.Conflict, "the finalizer holds the object while its POST is unresolved");
        held.Release();
        await environment.WaitForGoneAsync("same", TimeSpan.FromSeconds(60));
        harness.JobsFor("same").Should().Be(1, "the held POST landed");

        await harness.CreateRestoreAsync("same");
        var done = await environment.WaitForAsync("same", r => r.Status?.Phase is RestorePhase.Completed or RestorePhase.Failed, TimeSpan.FromSeconds(60));

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Adopted.Should().BeTrue("the re-created object finds the first object's job");
        harness.JobsFor("same").Should().Be(1);
        environment.AcceptedPosts().Should().Be(1);
        (await harness.ScanForSecretsAsync()).Leaks.Should().BeEmpty();
        await process.KillAsync();
        output.WriteLine($"| delete + re-create the same name with the POST held | accepted POSTs {environment.AcceptedPosts()} | jobs {harness.JobsFor("same")} | re-created object adopted: {done.Status.Adopted} |");
    }

    [Fact]
    public async Task The_same_manifests_applied_to_a_fresh_cluster_adopt_the_jobs_atlas_already_has()
    {
        var names = new[] { "git-a", "git-b", "git-c" };
        await using var harness = await TortureHarness.StartAsync();
        var environment = harness.Environment;
        var original = harness.StartOperator();
        foreach (var name in names)
        {
            await harness.CreateRestoreAsync(name);
        }

        await harness.AssertConvergedExactlyOnceAsync(names, [], TimeSpan.FromSeconds(60), "the original cluster");
        await original.KillAsync();
        var postsBefore = environment.AcceptedPosts();

        // A rebuilt cluster: a new, empty API server; the CRD, the Secret and the same manifests applied from "Git".
        await using var rebuilt = await RestoreEnvironment.StartAsync(new RestoreEnvironmentOptions { SharedAtlas = environment.Atlas });
        foreach (var name in names)
        {
            await rebuilt.CreateRestoreAsync(name, RestoreEnvironment.FlexSpec(spec => spec with { TargetDeploymentItemName = TortureHarness.TargetOf(name) }));
        }

        harness.StartOperatorAgainst(rebuilt.KubeconfigPath);
        var restores = rebuilt.Restores;
        var adopted = 0;
        foreach (var name in names)
        {
            var done = await WaitTerminalAsync(restores, name, TimeSpan.FromSeconds(60));
            done.Status!.Phase.Should().Be(RestorePhase.Completed, name);
            done.Status.Adopted.Should().BeTrue($"{name}'s job already exists in Atlas");
            done.Status.Job!.Id.Should().Be(environment.Atlas.State.RestoreJobs.Single(j => j.TargetDeploymentItemName == TortureHarness.TargetOf(name)).Id);
            adopted++;
        }

        environment.AcceptedPosts().Should().Be(postsBefore, "a rebuilt cluster submits nothing new");
        names.Should().OnlyContain(name => harness.JobsFor(name) == 1);
        harness.Output.Should().NotContain(line => TortureHarness.SecretValues.Any(s => line.Contains(s, StringComparison.Ordinal)));
        await harness.KillAllAsync();
        output.WriteLine($"| same {names.Length} manifests applied to a fresh API server | new POSTs {environment.AcceptedPosts() - postsBefore} | adopted {adopted}/{names.Length} | jobs per object 1 |");
    }

    private static async Task<AtlasSharedRestore> WaitTerminalAsync(KubernetesResourceClient<AtlasSharedRestore> restores, string name, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var list = await restores.ListAsync(RestoreEnvironment.Namespace, cancel.Token);
            if (list.Items.FirstOrDefault(r => r.Metadata.Name == name) is { Status.Phase: RestorePhase.Completed or RestorePhase.Failed } listed)
            {
                return listed;
            }

            await foreach (var change in restores.WatchAsync(RestoreEnvironment.Namespace, list.ResourceVersion, allowBookmarks: false, timeoutSeconds: 60, cancel.Token))
            {
                if (change.Object is { Status.Phase: RestorePhase.Completed or RestorePhase.Failed } restore && restore.Metadata.Name == name)
                {
                    return restore;
                }
            }
        }
    }
}
