using System.Net;
using System.Text.Json;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Aot;

/// <summary>
/// The shipped artifact, not the in-process host: the Native AOT binary from <c>artifacts/aot/</c> runs one Flex restore
/// against the emulators, serves its probes and metrics, logs JSON, and exits 0 on SIGTERM.
/// </summary>
public sealed class AotOperatorTests : IAsyncLifetime
{
    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [AotFact]
    public async Task The_aot_binary_completes_a_flex_restore_with_one_post_serves_probes_and_exits_cleanly_on_sigterm()
    {
        await using var process = OperatorProcess.Start(AotBinary.Locate(),
        [
            "--kubeconfig", environment.KubeconfigPath,
            "--atlas-base-url", environment.Atlas.BaseUrl.ToString(),
            "--default-secret", $"{RestoreEnvironment.Namespace}/{RestoreEnvironment.SecretName}",
            "--leader-elect=false",
            "--health-bind-address", "127.0.0.1",
            "--health-port", "0",
            "--poll-initial-interval", "1s",
            "--poll-max-interval", "2s",
            "--log-format", "json",
        ]);
        var serving = await process.WaitForLogAsync(
            entry => entry.TryGetProperty("State", out var state) && state.TryGetProperty("HealthUrl", out _), TimeSpan.FromSeconds(30));
        var healthUrl = new Uri(serving.GetProperty("State").GetProperty("HealthUrl").GetString()!);

        await environment.CreateRestoreAsync("aot-flex", RestoreEnvironment.FlexSpec());
        var done = await environment.WaitForAsync("aot-flex", r => r.Status?.Phase is RestorePhase.Completed or RestorePhase.Failed,
            TimeSpan.FromSeconds(60));

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Status.Job!.Status.Should().Be("COMPLETED");
        environment.AcceptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);

        using var http = new HttpClient { BaseAddress = healthUrl, Timeout = TimeSpan.FromSeconds(10) };
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK);
        var metrics = await http.GetStringAsync("/metrics");
        var samples = PrometheusText.Parse(metrics);
        samples.Should().Contain(s => s.Name == "atlasrestoreoperator_restore_atlas_restore_operator_restores" && s.Labels.GetValueOrDefault("phase") == "Completed" && s.Value == 1,
            "the completed restore is counted by phase; /metrics was:\n" + metrics);
        samples.Should().Contain(s => s.Name == "atlasrestoreoperator_atlas_atlas_client_requests"
            && s.Labels.GetValueOrDefault("endpoint") == "createFlexRestoreJob" && s.Labels.GetValueOrDefault("status_code") == "200" && s.Value == 1);

        var exitCode = await process.TerminateAsync(TimeSpan.FromSeconds(30));

        exitCode.Should().Be(0, "SIGTERM is a clean shutdown; stderr:\n" + string.Join('\n', process.StandardError));
        process.StandardOutput.Should().NotBeEmpty().And.OnlyContain(line => IsJsonObject(line),
            "--log-format json writes one JSON object per line");
    }

    private static bool IsJsonObject(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
