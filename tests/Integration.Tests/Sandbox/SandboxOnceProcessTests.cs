using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>
/// <c>dotnet run --project src/Sandbox -- --once</c> as a process: both samples go to Completed, each printed phase
/// change naming the Atlas job the emulator really holds, with its dates, and the exit code is 0.
/// </summary>
public sealed partial class SandboxOnceProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>The first word of each progress line ("created" before the operator writes a status), in the protocol's order.</summary>
    private static readonly string[] PhaseOrder = ["created", "Pending", "Submitting", "Running", "Completed"];
    private readonly string directory = Directory.CreateTempSubdirectory("asr-sandbox-once-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Once_exits_zero_after_printing_each_restores_phases_with_its_atlas_job_id_and_dates()
    {
        using var limit = new CancellationTokenSource(Patience * 2);
        await using var sandbox = SandboxProcess.Start(["--once", "--dir", directory, "--timeout", "60"]);

        // The emulator's address as the sandbox prints it (any free port: a port picked here could be taken meanwhile).
        var atlasLine = await sandbox.WaitForLineAsync(l => l.StartsWith("Atlas Admin API emulator ", StringComparison.Ordinal), Patience);
        var atlas = AtlasCurl.FromSeedFile(new Uri(atlasLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]), Path.Combine(directory, "atlas-seed.json"));

        // Ask Atlas about each job as soon as its id is printed: the emulated job takes 10 s to complete, and the sandbox
        // exits (taking the emulator with it) once both have.
        var flexLine = await sandbox.WaitForLineAsync(l => l.StartsWith("default/refresh-staging-flex ", StringComparison.Ordinal) && JobPattern().IsMatch(l), Patience);
        var flexJobs = await atlas.GetAsync(DemoSeed.ProjectId, $"flexClusters/{DemoSeed.FlexSourceCluster}/backup/restoreJobs", AtlasCurl.FlexMediaType, limit.Token);
        var tenantLine = await sandbox.WaitForLineAsync(l => l.StartsWith("default/refresh-staging-m2 ", StringComparison.Ordinal) && JobPattern().IsMatch(l), Patience);
        var tenantJobs = await atlas.GetAsync(DemoSeed.ProjectId, $"clusters/{DemoSeed.TenantSourceCluster}/backup/tenant/restores", AtlasCurl.TenantMediaType, limit.Token);

        var exitCode = await sandbox.WaitForExitAsync(Patience);

        exitCode.Should().Be(0, sandbox.Describe());
        sandbox.StandardOutput.Lines.Should().Contain("Every sample restore completed.", sandbox.Describe());
        AssertPrintedProgressMatchesAtlas(sandbox, "default/refresh-staging-flex", flexLine, flexJobs, DemoSeed.FlexTargetCluster);
        AssertPrintedProgressMatchesAtlas(sandbox, "default/refresh-staging-m2", tenantLine, tenantJobs, DemoSeed.DedicatedTargetCluster);
    }

    private static void AssertPrintedProgressMatchesAtlas(SandboxProcess sandbox, string sample, string firstJobLine, CurlResponse atlasJobs, string target)
    {
        var printed = sandbox.Describe();
        atlasJobs.StatusCode.Should().Be(200, atlasJobs.ToString());
        var job = JsonNode.Parse(atlasJobs.Body)!["results"]!.AsArray().Should().ContainSingle(atlasJobs.Body).Subject!;
        job["targetDeploymentItemName"]!.GetValue<string>().Should().Be(target);
        var jobId = job["id"]!.GetValue<string>();
        var scheduled = DateTimeOffset.Parse(job["restoreScheduledDate"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        JobPattern().Match(firstJobLine).Groups["id"].Value.Should().Be(jobId, printed);
        var lines = sandbox.StandardOutput.Lines.Where(l => l.StartsWith(sample + " ", StringComparison.Ordinal)).ToList();

        // The phase changes, in the protocol's order, ending Completed; every line from the submission on names the same job.
        var phases = lines.Select(l => l[(sample.Length + 1)..].TrimStart().Split(',')[0]).Distinct().ToList();
        phases.Should().ContainInOrder(["Running", "Completed"], printed);
        phases.Should().BeSubsetOf(PhaseOrder, printed);
        phases.Select(p => Array.IndexOf(PhaseOrder, p)).Should().BeInAscendingOrder(printed);
        var jobLines = lines.Where(l => l.Contains(", job ", StringComparison.Ordinal)).ToList();
        jobLines.Should().OnlyContain(l => JobPattern().Match(l).Groups["id"].Value == jobId && ScheduledPattern().IsMatch(l), printed);

        var completed = lines[^1];
        var match = JobPattern().Match(completed);
        match.Groups["status"].Value.Should().Be("COMPLETED", printed);
        var printedScheduled = DateTimeOffset.ParseExact(ScheduledPattern().Match(completed).Groups["date"].Value, "u", CultureInfo.InvariantCulture);
        var printedFinished = DateTimeOffset.ParseExact(FinishedPattern().Match(completed).Groups["date"].Value, "u", CultureInfo.InvariantCulture);
        printedScheduled.Should().Be(scheduled, completed);
        printedFinished.Should().BeAfter(printedScheduled, completed);
    }

    [GeneratedRegex(@", job (?<id>[0-9a-f]{24}) (?<status>[A-Z]+)")]
    private static partial Regex JobPattern();

    [GeneratedRegex(@", scheduled (?<date>\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)")]
    private static partial Regex ScheduledPattern();

    [GeneratedRegex(@", finished (?<date>\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)")]
    private static partial Regex FinishedPattern();
}
