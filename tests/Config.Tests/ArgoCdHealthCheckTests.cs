using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AtlasRestoreOperator.Config.Tests.Support;
using AtlasRestoreOperator.Entities;
using static AtlasRestoreOperator.Config.Tests.Support.RestoreSamples;
using AtlasRestoreOperator.Sandbox.KubeEmulator;

namespace AtlasRestoreOperator.Config.Tests;

/// <summary>config/argocd/health.lua run in a real Lua interpreter against the status of every phase.</summary>
public sealed class ArgoCdHealthCheckTests
{
    private const string HealthScriptPath = "config/argocd/health.lua";

    private static readonly LuaHealthCheck HealthCheck = LuaHealthCheck.FromFile(HealthScriptPath);

    private static readonly RestoreCondition NotReady =
        Condition(RestoreCondition.Ready, false, "RestoreInProgress", "The restore has not completed yet.");

    private static readonly RestoreCondition NotStalled =
        Condition(RestoreCondition.Stalled, false, "Progressing", "Nothing needs attention.");

    private static HealthAssessment Assess(JsonObject resource) => HealthCheck.Assess(resource);

    [Fact]
    public void Object_the_operator_has_not_seen_is_progressing()
    {
        Assess(Json(status: null)).Should().Be(new HealthAssessment("Progressing", "Waiting for the operator"));
    }

    [Fact]
    public void Status_without_a_phase_is_progressing()
    {
        Assess(Json(new AtlasSharedRestoreStatus { ObservedGeneration = 1 }))
            .Should().Be(new HealthAssessment("Progressing", "Waiting for the operator"));
    }

    [Fact]
    public void Pending_is_progressing_with_the_reconciling_message()
    {
        var status = Status(RestorePhase.Pending, jobStatus: null,
            NotReady, NotStalled,
            Condition(RestoreCondition.Reconciling, true, "Preflight", "Checking the snapshot and the target cluster before submitting."));

        Assess(Json(status)).Should().Be(new HealthAssessment(
            "Progressing", "Pending: Checking the snapshot and the target cluster before submitting."));
    }

    [Fact]
    public void Submitting_is_progressing()
    {
        var status = Status(RestorePhase.Submitting, jobStatus: null,
            NotReady, NotStalled,
            Condition(RestoreCondition.Reconciling, true, "Submitting", "Submitting the restore job to Atlas."));

        Assess(Json(status)).Should().Be(new HealthAssessment("Progressing", "Submitting: Submitting the restore job to Atlas."));
    }

    [Theory]
    [InlineData("PENDING")]
    [InlineData("QUEUED")]
    [InlineData("RUNNING")]
    public void Running_is_progressing_with_the_atlas_job_status(string jobStatus)
    {
        var status = Status(RestorePhase.Running, jobStatus,
            NotReady, NotStalled,
            Condition(RestoreCondition.Submitted, true, "JobSubmitted", $"Atlas restore job {JobId} was submitted."),
            Condition(RestoreCondition.Reconciling, true, "RestoreRunning", $"Waiting for Atlas restore job {JobId} to finish."));

        Assess(Json(status)).Should().Be(new HealthAssessment(
            "Progressing", $"Running (Atlas job {jobStatus}): Waiting for Atlas restore job {JobId} to finish."));
    }

    [Fact]
    public void Completed_is_healthy_with_the_ready_message()
    {
        var status = Status(RestorePhase.Completed, "COMPLETED",
            Condition(RestoreCondition.Ready, true, "RestoreCompleted", $"Atlas restore job {JobId} completed."),
            Condition(RestoreCondition.Reconciling, false, "RestoreCompleted", "Nothing left to do."),
            NotStalled,
            Condition(RestoreCondition.Submitted, true, "JobSubmitted", $"Atlas restore job {JobId} was submitted."));

        Assess(Json(status)).Should().Be(new HealthAssessment("Healthy", $"Atlas restore job {JobId} completed."));
    }

    [Fact]
    public void Completed_without_conditions_is_still_healthy()
    {
        Assess(Json(Status(RestorePhase.Completed, "COMPLETED")))
            .Should().Be(new HealthAssessment("Healthy", $"Restore completed (Atlas job {JobId})"));
    }

    [Fact]
    public void Failed_is_degraded_with_the_stalled_reason_and_message()
    {
        var status = Status(RestorePhase.Failed, jobStatus: null,
            Condition(RestoreCondition.Ready, false, "PreflightFailed", "The restore did not start."),
            Condition(RestoreCondition.Reconciling, false, "PreflightFailed", "Nothing left to do."),
            Condition(RestoreCondition.Stalled, true, "PreflightFailed",
                "Snapshot 6a6f78e0cab84da5c4476b25 is not COMPLETED; pick a completed snapshot."));

        Assess(Json(status)).Should().Be(new HealthAssessment(
            "Degraded", "PreflightFailed: Snapshot 6a6f78e0cab84da5c4476b25 is not COMPLETED; pick a completed snapshot."));
    }

    [Fact]
    public void Failed_atlas_job_is_degraded()
    {
        var status = Status(RestorePhase.Failed, "FAILED",
            Condition(RestoreCondition.Ready, false, "RestoreFailed", $"Atlas restore job {JobId} failed."),
            Condition(RestoreCondition.Stalled, true, "RestoreFailed", $"Atlas restore job {JobId} failed; see the Atlas activity feed."));

        Assess(Json(status)).Should().Be(new HealthAssessment(
            "Degraded", $"RestoreFailed: Atlas restore job {JobId} failed; see the Atlas activity feed."));
    }

    [Fact]
    public void Failed_without_a_stalled_condition_is_still_degraded()
    {
        Assess(Json(Status(RestorePhase.Failed, "FAILED")))
            .Should().Be(new HealthAssessment("Degraded", "The restore failed (Atlas job FAILED)"));
    }

    [Theory]
    [InlineData(RestorePhase.Pending)]
    [InlineData(RestorePhase.Running)]
    [InlineData(RestorePhase.Completed)]
    public void Stalled_in_any_phase_is_degraded(RestorePhase phase)
    {
        var status = Status(phase, jobStatus: null,
            Condition(RestoreCondition.Reconciling, true, "WaitingForCredentials", "Waiting for the credentials Secret."),
            Condition(RestoreCondition.Stalled, true, "SecretNotFound", "Secret team-a/atlas-credentials was not found; create it."));

        Assess(Json(status)).Should().Be(new HealthAssessment(
            "Degraded", "SecretNotFound: Secret team-a/atlas-credentials was not found; create it."));
    }

    [Fact]
    public void Status_of_an_older_generation_is_progressing_even_if_it_says_failed()
    {
        var status = Status(RestorePhase.Failed, jobStatus: null,
            Condition(RestoreCondition.Stalled, true, "PreflightFailed", "The target cluster was not found."));

        Assess(Json(status, generation: 2)).Should().Be(new HealthAssessment(
            "Progressing", "Waiting for the operator to observe generation 2"));
    }

    [Fact]
    public void Unknown_phase_is_reported_not_guessed()
    {
        var resource = Json(Status(RestorePhase.Running, "RUNNING"));
        resource["status"]!["phase"] = "Paused";

        Assess(resource).Should().Be(new HealthAssessment("Unknown", "Unrecognised phase Paused"));
    }

    [Fact]
    public void Argo_cd_config_map_patch_embeds_the_health_script_verbatim()
    {
        var patch = YamlJson.ParseAll(File.ReadAllText(RepositoryPaths.Of("config/argocd/argocd-cm-patch.yaml"))).Single()!;

        patch["kind"]!.GetValue<string>().Should().Be("ConfigMap");
        patch["metadata"]!["name"]!.GetValue<string>().Should().Be("argocd-cm");
        patch["data"]!["resource.customizations.health.atlasrestore.io_AtlasSharedRestore"]!.GetValue<string>()
            .Should().Be(File.ReadAllText(RepositoryPaths.Of(HealthScriptPath)));
    }

    [Fact]
    public void Gitops_doc_shows_the_config_map_key_with_the_health_script_verbatim()
    {
        const string HealthKey = "resource.customizations.health.atlasrestore.io_AtlasSharedRestore";
        var doc = File.ReadAllText(RepositoryPaths.Of("docs/gitops.md")).ReplaceLineEndings("\n");
        var snippets = Regex.Matches(doc, "```yaml\n(?<body>.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups["body"].Value)
            .Where(body => body.Contains(HealthKey, StringComparison.Ordinal))
            .ToList();
        snippets.Should().ContainSingle("docs/gitops.md shows the argocd-cm snippet once, for users who copy it by hand");

        var configMap = YamlJson.ParseAll(snippets[0]).Single()!;
        configMap["kind"]!.GetValue<string>().Should().Be("ConfigMap");
        configMap["metadata"]!["name"]!.GetValue<string>().Should().Be("argocd-cm");
        var inline = configMap["data"]![HealthKey]!.GetValue<string>();
        inline.Should().Be(File.ReadAllText(RepositoryPaths.Of(HealthScriptPath)), "the page must not drift from the tested script");
        var patch = YamlJson.ParseAll(File.ReadAllText(RepositoryPaths.Of("config/argocd/argocd-cm-patch.yaml"))).Single()!;
        inline.Should().Be(patch["data"]![HealthKey]!.GetValue<string>(), "the page shows what the patch file applies");
    }
}
