using System.Text.Json.Nodes;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Runtime;
using AtlasRestoreOperator.Sandbox;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;
using k8s;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>
/// <c>dotnet run --project src/Sandbox -- --no-operator --atlas-port P --kube-port Q</c>: only the emulators, on the
/// ports asked for, with the files a user needs to reach them (the seed with its API key, the kubeconfig).
/// </summary>
public sealed class SandboxNoOperatorTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string[] Samples = ["default/refresh-staging-flex", "default/refresh-staging-m2"];
    private readonly string directory = Directory.CreateTempSubdirectory("asr-sandbox-nooperator-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Atlas_port_serves_the_emulator_there_with_the_seed_it_uses_written_for_curl()
    {
        // A seed of the test's own, with a key nobody could guess: the written file can only hold it if the sandbox used it.
        var seed = AtlasSeed.Demo with
        {
            ApiKeys =
            [
                new SeedApiKey
                {
                    PublicKey = "sandboxk", PrivateKey = Guid.NewGuid().ToString(),
                    ProjectRoles = new Dictionary<string, IReadOnlyList<string>> { [DemoSeed.ProjectId] = [AtlasRoles.ProjectOwner] },
                },
            ],
        };
        var seedPath = Path.Combine(directory, "my-seed.json");
        await File.WriteAllTextAsync(seedPath, seed.ToJson());
        var port = FreePort.Pick();
        var sandboxDirectory = Path.Combine(directory, "state");
        var output = new LineCapture();
        using var stop = new CancellationTokenSource();
        var run = new SandboxHost(new SandboxOptions { NoOperator = true, AtlasPort = port, SeedPath = seedPath, Directory = sandboxDirectory }, output)
            .RunAsync(stop.Token);
        try
        {
            await WaitUntilReadyAsync(output, run);

            output.Lines.Should().Contain($"Atlas Admin API emulator  http://127.0.0.1:{port}/   (seed: {Path.Combine(sandboxDirectory, "atlas-seed.json")})");
            var written = Path.Combine(sandboxDirectory, "atlas-seed.json");
            File.Exists(written).Should().BeTrue();
            AtlasSeed.Load(written).ToJson().Should().Be(seed.ToJson());

            var curl = AtlasCurl.FromSeedFile(new Uri($"http://127.0.0.1:{port}/"), written);
            var snapshots = await curl.GetAsync(DemoSeed.ProjectId, $"flexClusters/{DemoSeed.FlexSourceCluster}/backup/snapshots", AtlasCurl.FlexMediaType, stop.Token);
            snapshots.StatusCode.Should().Be(200, snapshots.ToString());
            JsonNode.Parse(snapshots.Body)!["results"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).Should().Contain(DemoSeed.FlexSnapshotId);

            // No operator: Atlas has no restore job for either sample's source.
            var flexJobs = await curl.GetAsync(DemoSeed.ProjectId, $"flexClusters/{DemoSeed.FlexSourceCluster}/backup/restoreJobs", AtlasCurl.FlexMediaType, stop.Token);
            flexJobs.StatusCode.Should().Be(200, flexJobs.ToString());
            JsonNode.Parse(flexJobs.Body)!["results"]!.AsArray().Should().BeEmpty();
            var tenantJobs = await curl.GetAsync(DemoSeed.ProjectId, $"clusters/{DemoSeed.TenantSourceCluster}/backup/tenant/restores", AtlasCurl.TenantMediaType, stop.Token);
            tenantJobs.StatusCode.Should().Be(200, tenantJobs.ToString());
            JsonNode.Parse(tenantJobs.Body)!["results"]!.AsArray().Should().BeEmpty();
        }
        finally
        {
            await stop.CancelAsync();
        }

        (await run.WaitAsync(Patience)).Should().Be(0, output.Text);
        AssertNoOperatorRan(output);
    }

    [Fact]
    public async Task Kube_port_serves_the_api_there_and_its_kubeconfig_lists_the_samples_without_status()
    {
        var port = FreePort.Pick();
        var output = new LineCapture();
        using var stop = new CancellationTokenSource();
        var run = new SandboxHost(new SandboxOptions { NoOperator = true, KubePort = port, Directory = directory }, output).RunAsync(stop.Token);
        try
        {
            await WaitUntilReadyAsync(output, run);

            var kubeconfig = Path.Combine(directory, "kubeconfig");
            output.Lines.Should().Contain($"Kubernetes API emulator   http://127.0.0.1:{port}/   (kubectl --kubeconfig {kubeconfig} get asr -w)");
            KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig).Host.Should().Be($"http://127.0.0.1:{port}");

            // What a user types, with the kubeconfig the sandbox wrote.
            var kubectl = new KubectlRunner(kubeconfig, Path.Combine(directory, "kubectl"));
            var get = await kubectl.RunAsync(["get", "asr", "-o", "json"], stop.Token);
            get.ExitCode.Should().Be(0, get.ToString());
            var items = JsonNode.Parse(get.StandardOutput)!["items"]!.AsArray();
            items.Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}").Should().BeEquivalentTo(Samples);
            items.Should().OnlyContain(i => i!["status"] == null || i["status"]!["phase"] == null, get.StandardOutput);

            // And what an operator of one's own would see through KubernetesClient.
            using var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            var list = await new KubernetesResourceClient<AtlasSharedRestore>(kubernetes, AtlasSharedRestoreResource.Type).ListAsync(null, stop.Token);
            list.Items.Select(r => $"{r.Metadata.NamespaceProperty}/{r.Metadata.Name}").Should().BeEquivalentTo(Samples);
            list.Items.Should().OnlyContain(r => r.Status == null || r.Status.Phase == null);
        }
        finally
        {
            await stop.CancelAsync();
        }

        (await run.WaitAsync(Patience)).Should().Be(0, output.Text);
        AssertNoOperatorRan(output);
    }

    [Fact]
    public async Task Once_with_no_operator_gives_up_after_its_timeout_naming_the_unfinished_samples()
    {
        var output = new LineCapture();
        using var limit = new CancellationTokenSource(Patience);

        var exitCode = await new SandboxHost(new SandboxOptions { Once = true, NoOperator = true, OnceTimeout = TimeSpan.FromSeconds(1), Directory = directory }, output)
            .RunAsync(limit.Token);

        exitCode.Should().Be(1, output.Text);
        output.Lines.Should().Contain("Not every sample restore finished within 1 s: default/refresh-staging-flex, default/refresh-staging-m2.", output.Text);
        output.Lines.Should().NotContain(l => l.StartsWith("Every sample restore", StringComparison.Ordinal));
    }

    /// <summary>
    /// Awaits the line saying the samples are applied and the first line the progress printer shows for each sample; if
    /// the host ends first (it failed to start), that is the test's failure.
    /// </summary>
    private static async Task WaitUntilReadyAsync(LineCapture output, Task<int> run)
    {
        var ready = Task.WhenAll(Samples.Select(s => output.WaitForLineAsync(l => l.StartsWith(s + " ", StringComparison.Ordinal)))
            .Append(output.WaitForLineAsync(l => l.StartsWith("Applied 2 sample restore(s)", StringComparison.Ordinal))));
        if (await Task.WhenAny(ready, run).WaitAsync(Patience) == run)
        {
            throw new Xunit.Sdk.XunitException($"the sandbox ended (exit code {await run}) before it was ready:\n{output.Text}");
        }
    }

    /// <summary>From start to shutdown, no operator started and no sample ever got further than created.</summary>
    private static void AssertNoOperatorRan(LineCapture output)
    {
        output.Lines.Should().NotContain(l => l.StartsWith("Operator ", StringComparison.Ordinal), output.Text);
        var sampleLines = output.Lines.Where(l => Samples.Any(s => l.StartsWith(s + " ", StringComparison.Ordinal))).ToList();
        sampleLines.Select(l => l.Split(' ', 2)[0]).Should().BeEquivalentTo(Samples, output.Text);
        sampleLines.Should().OnlyContain(l => l.EndsWith(" created, waiting for the operator", StringComparison.Ordinal), output.Text);
        output.Lines.Should().Contain("Stopping.");
    }
}
