using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>The real kubectl against the emulator: what a user types and what they see.</summary>
public sealed class KubectlEndToEndTests(KubectlEmulatorFixture fixture) : IClassFixture<KubectlEmulatorFixture>
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly KubectlRunner _kubectl = fixture.Kubectl;
    private readonly KubeStore _store = fixture.Emulator.Store;

    [Fact]
    public async Task Applying_a_crd_creates_it_established_and_discoverable()
    {
        fixture.CrdApply.StandardOutput.Should().Be("customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n", fixture.CrdApply.ToString());

        var wait = await _kubectl.RunAsync("wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=30s");

        wait.StandardOutput.Should().Be("customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n", wait.ToString());
    }

    [Fact]
    public async Task Apply_creates_then_configures_then_applies_server_side()
    {
        var created = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("apply1.yaml", Manifests.Widget("apply-me", 3)));
        var configured = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("apply2.yaml", Manifests.Widget("apply-me", 4)));
        var serverSide = await _kubectl.RunAsync("apply", "--server-side", "-f", _kubectl.WriteFile("apply3.yaml", Manifests.Widget("apply-me", 5)));
        var yaml = await _kubectl.RunAsync("get", "widget", "apply-me", "-o", "yaml");

        created.StandardOutput.Should().Be("widget.example.com/apply-me created\n", created.ToString());
        configured.StandardOutput.Should().Be("widget.example.com/apply-me configured\n", configured.ToString());
        serverSide.StandardOutput.Should().Be("widget.example.com/apply-me serverside-applied\n", serverSide.ToString());
        yaml.StandardOutput.Should().Contain("kind: Widget").And.Contain("size: 5").And.Contain("generation: 3").And.Contain("name: apply-me");
    }

    [Fact]
    public async Task Get_prints_the_printer_columns_and_describe_shows_the_object()
    {
        await CreateWidgetAsync("columns", 7);
        await PatchStatusAsync("columns", new JsonObject { ["phase"] = "Running", ["conditions"] = ReadyCondition("True", 1) });

        var get = await _kubectl.RunAsync("get", "widgets", "columns");
        var describe = await _kubectl.RunAsync("describe", "widget", "columns");

        var lines = get.StandardOutput.TrimEnd('\n').Split('\n');
        lines.Should().HaveCount(2, get.ToString());
        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("NAME", "SIZE", "PHASE", "READY", "AGE");
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4].Should().Equal("columns", "7", "Running", "True");
        describe.StandardOutput.Should().Contain("Name:         columns").And.Contain("Kind:         Widget").And.Contain("Size:   7");
    }

    [Fact]
    public async Task Get_watch_prints_a_row_for_each_change()
    {
        await CreateWidgetAsync("watched", 1);
        var watching = WatchOpenedAsync("widgets.example.com");

        var watch = _kubectl.Start("get", "widgets", "watched", "-w");
        var header = await watch.ReadLineAsync(ProcessTimeout);
        var initial = await watch.ReadLineAsync(ProcessTimeout);
        await watching.WaitAsync(ProcessTimeout);
        await PatchStatusAsync("watched", new JsonObject { ["phase"] = "Running" });
        var changed = await watch.ReadLineAsync(ProcessTimeout);
        await watch.StopAsync();

        header!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("NAME", "SIZE", "PHASE", "READY", "AGE");
        initial!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2].Should().Equal("watched", "1");
        changed!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..3].Should().Equal("watched", "1", "Running");
    }

    [Fact]
    public async Task Imperative_creates_sent_as_protobuf_make_a_namespace_and_a_secret()
    {
        var ns = await _kubectl.RunAsync("create", "namespace", "team-a");
        var secret = await _kubectl.RunAsync("create", "secret", "generic", "atlas-credentials", "-n", "team-a",
            "--from-literal=publicApiKey=pub", "--from-literal=privateApiKey=priv");

        ns.StandardOutput.Should().Be("namespace/team-a created\n", ns.ToString());
        secret.StandardOutput.Should().Be("secret/atlas-credentials created\n", secret.ToString());
        var stored = _store.Get("", "secrets", "team-a", "atlas-credentials")!;
        stored["type"]!.GetValue<string>().Should().Be("Opaque");
        stored["data"]!.ToJsonString().Should().Be("""{"privateApiKey":"cHJpdg==","publicApiKey":"cHVi"}""");
    }

    [Fact]
    public async Task Patching_the_status_subresource_changes_status_but_not_generation()
    {
        await CreateWidgetAsync("status-patch", 2);

        var patch = await _kubectl.RunAsync("patch", "widget", "status-patch", "--subresource=status", "--type=merge", "-p", """{"status":{"phase":"Done"}}""");

        patch.StandardOutput.Should().Be("widget.example.com/status-patch patched\n", patch.ToString());
        var stored = _store.Get("example.com", "widgets", "default", "status-patch")!;
        stored["status"]!["phase"]!.GetValue<string>().Should().Be("Done");
        KubeObject.Generation(stored).Should().Be(1);
    }

    [Fact]
    public async Task Wait_for_a_condition_returns_once_the_condition_is_patched()
    {
        await CreateWidgetAsync("wait-ready", 1);
        var watching = WatchOpenedAsync("widgets.example.com");

        var wait = _kubectl.Start("wait", "--for=condition=Ready", "widget/wait-ready", "--timeout=60s");
        await watching.WaitAsync(ProcessTimeout);
        await PatchStatusAsync("wait-ready", new JsonObject { ["conditions"] = ReadyCondition("True", 1) });
        var result = await wait.WaitAsync(ProcessTimeout);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Be("widget.example.com/wait-ready condition met\n");
    }

    [Fact]
    public async Task Delete_waits_for_the_finalizer_to_be_removed()
    {
        await fixture.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "example.com/v1",
                ["kind"] = "Widget",
                ["metadata"] = new JsonObject { ["name"] = "finalized", ["finalizers"] = new JsonArray("example.com/cleanup") },
                ["spec"] = new JsonObject { ["size"] = 1 },
            }, "example.com", "v1", "default", "widgets");
        var watching = WatchOpenedAsync("widgets.example.com");

        var delete = _kubectl.Start("delete", "widget", "finalized", "--timeout=60s");
        await watching.WaitAsync(ProcessTimeout);
        var terminating = _store.Get("example.com", "widgets", "default", "finalized")!;
        await fixture.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"remove","path":"/metadata/finalizers"}]""", V1Patch.PatchType.JsonPatch), "example.com", "v1", "default", "widgets", "finalized");
        var result = await delete.WaitAsync(ProcessTimeout);

        KubeObject.IsDeleting(terminating).Should().BeTrue();
        result.StandardOutput.Should().Be("widget.example.com \"finalized\" deleted\n", result.ToString());
        _store.Get("example.com", "widgets", "default", "finalized").Should().BeNull();
    }

    [Fact]
    public async Task Replace_with_a_stale_resource_version_prints_the_conflict()
    {
        await CreateWidgetAsync("stale", 1);
        var rv = KubeObject.ResourceVersion(_store.Get("example.com", "widgets", "default", "stale")!);
        await PatchStatusAsync("stale", new JsonObject { ["phase"] = "Moved" });
        var manifest = Manifests.Widget("stale", 2).Replace("  namespace: default", $"  namespace: default\n  resourceVersion: \"{rv}\"");

        var result = await _kubectl.RunAsync("replace", "-f", _kubectl.WriteFile("stale.yaml", manifest));

        result.ExitCode.Should().Be(1);
        result.StandardError.Should().Be(
            "Error from server (Conflict): error when replacing \"stale.yaml\": Operation cannot be fulfilled on widgets.example.com \"stale\": " +
            "the object has been modified; please apply your changes to the latest version and try again\n", result.ToString());
    }

    [Fact]
    public async Task Strategic_merge_patch_on_a_custom_resource_is_refused_as_kubectl_shows()
    {
        await CreateWidgetAsync("smp", 1);

        var result = await _kubectl.RunAsync("patch", "widget", "smp", "-p", """{"spec":{"size":2}}""");

        result.ExitCode.Should().Be(1);
        result.StandardError.Should().Be(
            "error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget: the body of the request was in an unknown format - " +
            "accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n", result.ToString());
    }

    [Fact]
    public async Task A_value_breaking_the_schema_pattern_is_rejected_with_the_validation_message()
    {
        var result = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("bad.yaml", Manifests.Widget("bad-pattern", 1, "Red1")));

        result.ExitCode.Should().Be(1);
        result.StandardError.Should().Be(
            "The Widget \"bad-pattern\" is invalid: spec.color: Invalid value: \"Red1\": spec.color in body should match '^[a-z]+$'\n", result.ToString());
    }

    [Fact]
    public async Task Changing_an_immutable_field_is_rejected_by_the_transition_rule()
    {
        var created = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("immutable-red.yaml", Manifests.Widget("immutable", 1, "red")));

        var result = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("immutable.yaml", Manifests.Widget("immutable", 1, "blue")));

        created.ExitCode.Should().Be(0, created.ToString());
        result.ExitCode.Should().Be(1);
        result.StandardError.Should().Be("The Widget \"immutable\" is invalid: spec.color: Invalid value: \"string\": color is immutable\n", result.ToString());
    }

    [Fact]
    public async Task An_unknown_field_is_rejected_by_strict_field_validation()
    {
        var manifest = Manifests.Widget("unknown-field", 1) + "\n  foo: bar\n";

        var result = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("unknown.yaml", manifest));

        result.ExitCode.Should().Be(1);
        result.StandardError.Should().Be(
            "Error from server (BadRequest): error when creating \"unknown.yaml\": Widget in version \"v1\" cannot be handled as a Widget: " +
            "strict decoding error: unknown field \"spec.foo\"\n", result.ToString());
    }

    [Fact]
    public async Task The_operator_installs_with_kustomize_and_its_samples_apply_and_list()
    {
        var install = await _kubectl.RunAsync("apply", "-k", RepositoryFiles.PathOf("config/default"));
        var reinstall = await _kubectl.RunAsync("apply", "-k", RepositoryFiles.PathOf("config/default"));
        var samples = await _kubectl.RunAsync("apply", "-f", RepositoryFiles.PathOf("config/samples/atlasrestore_v1alpha1_flex_restore.yaml"));
        var list = await _kubectl.RunAsync("get", "asr");
        var immutable = await _kubectl.RunAsync("patch", "asr", "refresh-staging-flex", "--type=merge", "-p", """{"spec":{"clusterName":"other"}}""");
        var labelledSample = _kubectl.WriteFile("labelled-sample.yaml", File.ReadAllText(RepositoryFiles.PathOf("config/samples/atlasrestore_v1alpha1_flex_restore.yaml"))
            .Replace("  namespace: default\n", "  namespace: default\n  labels:\n    team: data\n", StringComparison.Ordinal));
        var relabelled = await _kubectl.RunAsync("apply", "-f", labelledSample);
        var afterRelabel = _store.Get("atlasrestore.io", "atlassharedrestores", "default", "refresh-staging-flex")!;
        var serverSide = await _kubectl.RunAsync("apply", "--server-side", "-f", labelledSample);
        var afterServerSide = _store.Get("atlasrestore.io", "atlassharedrestores", "default", "refresh-staging-flex")!;
        var crdFile = await _kubectl.RunAsync("apply", "-f", RepositoryFiles.PathOf("config/crds/atlasrestore.io_atlassharedrestores.yaml"));
        var serverSideInstall = await _kubectl.RunAsync("apply", "--server-side", "-k", RepositoryFiles.PathOf("config/default"));

        install.ExitCode.Should().Be(0, install.ToString());
        install.StandardOutput.Should().Contain("namespace/atlas-restore-system created\n")
            .And.Contain("customresourcedefinition.apiextensions.k8s.io/atlassharedrestores.atlasrestore.io created\n")
            .And.Contain("serviceaccount/atlas-restore-operator created\n")
            .And.Contain("deployment.apps/atlas-restore-operator created\n");
        install.StandardOutput.TrimEnd('\n').Split('\n').Should().OnlyContain(line => line.EndsWith(" created"));
        reinstall.StandardOutput.TrimEnd('\n').Split('\n').Should().OnlyContain(line => line.EndsWith(" unchanged"), reinstall.ToString());
        samples.StandardOutput.Should().Be("atlassharedrestore.atlasrestore.io/refresh-staging-flex created\n", samples.ToString());
        var lines = list.StandardOutput.TrimEnd('\n').Split('\n');
        lines[0].Should().MatchRegex("^NAME +PHASE +ATLAS STATUS +JOB +TARGET +AGE$");
        lines[1].Should().MatchRegex("^refresh-staging-flex +flex-target +[0-9]+s$");
        immutable.ExitCode.Should().Be(1);
        immutable.StandardError.Should().Be(
            "The AtlasSharedRestore \"refresh-staging-flex\" is invalid: spec: Invalid value: \"object\": spec is immutable: create a new AtlasSharedRestore to restore again\n",
            immutable.ToString());
        relabelled.StandardOutput.Should().Be("atlassharedrestore.atlasrestore.io/refresh-staging-flex configured\n", relabelled.ToString());
        KubeObject.Labels(afterRelabel)["team"].Should().Be("data");
        KubeObject.Generation(afterRelabel).Should().Be(1, "a label is metadata, not spec");
        serverSide.StandardOutput.Should().Be("atlassharedrestore.atlasrestore.io/refresh-staging-flex serverside-applied\n", serverSide.ToString());
        serverSide.StandardError.Should().BeEmpty();
        KubeObject.Generation(afterServerSide).Should().Be(1);
        afterServerSide["metadata"]!["managedFields"]!.AsArray().Select(e => $"{e!["manager"]}/{e["operation"]}")
            .Should().Equal(["kubectl/Apply", "kubectl-last-applied/Apply"], "kubectl moves client-side apply's fields to its server-side manager");
        afterServerSide["spec"]!.ToJsonString().Should().Be(afterRelabel["spec"]!.ToJsonString());
        crdFile.StandardOutput.Should().Be("customresourcedefinition.apiextensions.k8s.io/atlassharedrestores.atlasrestore.io unchanged\n", crdFile.ToString());
        serverSideInstall.ExitCode.Should().Be(0, serverSideInstall.ToString());
        serverSideInstall.StandardError.Should().BeEmpty();
        serverSideInstall.StandardOutput.TrimEnd('\n').Split('\n').Should().HaveCount(install.StandardOutput.TrimEnd('\n').Split('\n').Length)
            .And.OnlyContain(line => line.EndsWith(" serverside-applied"), serverSideInstall.ToString());
    }

    [Fact]
    public async Task A_crd_with_a_rule_the_emulator_cannot_evaluate_is_refused_as_kubectl_shows()
    {
        var result = await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("unsupported-rule-crd.json", Manifests.CrdWithUnsupportedRuleJson));
        var get = await _kubectl.RunAsync("get", "crd", "doodads.example.net");

        result.ExitCode.Should().Be(1);
        result.StandardError.Should().StartWith(
            "The CustomResourceDefinition \"doodads.example.net\" is invalid: spec.versions[0].schema.openAPIV3Schema: Invalid value: \"object\": " +
            "x-kubernetes-validations rule \"self.x.matches('^a')\" at spec is not supported by this emulator", result.ToString());
        get.StandardError.Should().Contain("\"doodads.example.net\" not found", get.ToString());
    }

    [Fact]
    public async Task Server_side_apply_over_another_managers_patch_prints_the_conflict_and_force_conflicts_takes_the_field()
    {
        var manifest = _kubectl.WriteFile("contested.yaml", Manifests.Widget("contested", 3));
        var applied = await _kubectl.RunAsync("apply", "--server-side", "-f", manifest);
        var edited = await _kubectl.RunAsync("patch", "widget", "contested", "--type=merge", "-p", """{"spec":{"size":4}}""");

        var conflict = await _kubectl.RunAsync("apply", "--server-side", "-f", manifest);
        var forced = await _kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", manifest);

        applied.ExitCode.Should().Be(0, applied.ToString());
        edited.ExitCode.Should().Be(0, edited.ToString());
        conflict.ExitCode.Should().Be(1);
        conflict.StandardError.Should().StartWith(
            "error: Apply failed with 1 conflict: conflict with \"kubectl-patch\" using example.com/v1: .spec.size\n" +
            "Please review the fields above--they currently have other managers.", conflict.ToString());
        forced.StandardOutput.Should().Be("widget.example.com/contested serverside-applied\n", forced.ToString());
        var stored = _store.Get("example.com", "widgets", "default", "contested")!;
        stored["spec"]!["size"]!.GetValue<int>().Should().Be(3);
        stored["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>()).Should().Equal(["kubectl"], "kubectl-patch owned only spec.size");
    }

    private Task CreateWidgetAsync(string name, int size) =>
        fixture.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = "example.com/v1",
                ["kind"] = "Widget",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["spec"] = new JsonObject { ["size"] = size, ["color"] = "red" },
            }, "example.com", "v1", "default", "widgets");

    private Task PatchStatusAsync(string name, JsonObject status) =>
        fixture.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(new JsonObject { ["status"] = status }.ToJsonString(), V1Patch.PatchType.MergePatch), "example.com", "v1", "default", "widgets", name);

    private static JsonArray ReadyCondition(string status, long observedGeneration) => new(new JsonObject
    {
        ["type"] = "Ready",
        ["status"] = status,
        ["reason"] = "Tested",
        ["message"] = "set by the test",
        ["observedGeneration"] = observedGeneration,
        ["lastTransitionTime"] = "2025-01-01T00:00:00Z",
    });

    private Task WatchOpenedAsync(string resourceKey)
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(string key)
        {
            if (key == resourceKey)
            {
                opened.TrySetResult();
            }
        }

        _store.WatchOpened += Handler;
        return opened.Task.ContinueWith(t => _store.WatchOpened -= Handler, TaskScheduler.Default);
    }
}
