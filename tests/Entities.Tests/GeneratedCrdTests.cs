using System.Text.Json.Nodes;
using AtlasRestoreOperator.Operator.Crd;
using AtlasRestoreOperator.Sandbox.KubeEmulator;

namespace AtlasRestoreOperator.Entities.Tests;

public sealed class GeneratedCrdTests
{
    private static readonly string CheckedInPath = RepositoryFiles.PathOf(CrdGenerator.RelativeOutputPath);

    private static JsonObject CheckedIn => (JsonObject)YamlJson.ParseAll(File.ReadAllText(CheckedInPath)).Single()!;

    private static JsonObject Version => (JsonObject)CheckedIn["spec"]!["versions"]![0]!;

    private static JsonObject Schema => (JsonObject)Version["schema"]!["openAPIV3Schema"]!;

    private static JsonObject SpecProperties => (JsonObject)Schema["properties"]!["spec"]!["properties"]!;

    [Fact]
    public void Checked_in_crd_is_exactly_the_generated_one()
    {
        File.ReadAllText(CheckedInPath).Should().Be(
            CrdGenerator.GenerateYaml(),
            "config/crds is generated output: run `dotnet run --project src/Operator -- generate-crd` after changing src/Entities");
    }

    [Fact]
    public void Yaml_reads_back_as_the_generated_tree()
    {
        JsonNode.DeepEquals(CheckedIn, CrdGenerator.Generate()).Should().BeTrue(
            "the YAML writer must round-trip every value, including quoted patterns and messages");
    }

    [Fact]
    public void Is_a_namespaced_v1_crd_with_the_contract_names()
    {
        CheckedIn["apiVersion"]!.GetValue<string>().Should().Be("apiextensions.k8s.io/v1");
        CheckedIn["kind"]!.GetValue<string>().Should().Be("CustomResourceDefinition");
        CheckedIn["metadata"]!["name"]!.GetValue<string>().Should().Be("atlassharedrestores.atlasrestore.io");
        var spec = CheckedIn["spec"]!;
        spec["group"]!.GetValue<string>().Should().Be("atlasrestore.io");
        spec["scope"]!.GetValue<string>().Should().Be("Namespaced");
        var names = spec["names"]!;
        names["kind"]!.GetValue<string>().Should().Be("AtlasSharedRestore");
        names["plural"]!.GetValue<string>().Should().Be("atlassharedrestores");
        names["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("asr");
        names["categories"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("atlas");
        Version["name"]!.GetValue<string>().Should().Be("v1alpha1");
        Version["served"]!.GetValue<bool>().Should().BeTrue();
        Version["storage"]!.GetValue<bool>().Should().BeTrue();
        Version["subresources"]!["status"].Should().BeOfType<JsonObject>();
    }

    [Fact]
    public void Schema_is_structural_every_node_has_a_type()
    {
        var untyped = new List<string>();
        Walk(Schema, "", untyped);
        untyped.Should().BeEmpty();

        static void Walk(JsonObject node, string path, List<string> untyped)
        {
            if (node["type"] is null)
            {
                untyped.Add(path.Length == 0 ? "<root>" : path);
            }

            if (node["properties"] is JsonObject properties)
            {
                foreach (var (name, child) in properties)
                {
                    Walk((JsonObject)child!, path + "." + name, untyped);
                }
            }

            if (node["items"] is JsonObject items)
            {
                Walk(items, path + "[]", untyped);
            }
        }
    }

    [Theory]
    [InlineData("projectId", "^([a-f0-9]{24})$")]
    [InlineData("clusterName", "^[a-zA-Z0-9][a-zA-Z0-9-]*$")]
    [InlineData("snapshotId", "^([a-f0-9]{24})$")]
    [InlineData("targetDeploymentItemName", @"^[\p{L}\p{N}\-_.(),:&@+']{1,64}$")]
    [InlineData("targetProjectId", "^([a-f0-9]{24})$")]
    public void Spec_fields_carry_the_atlas_patterns(string field, string pattern)
    {
        SpecProperties[field]!["pattern"]!.GetValue<string>().Should().Be(pattern);
    }

    [Fact]
    public void Spec_requires_the_four_identifying_fields_only()
    {
        Schema["properties"]!["spec"]!["required"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().BeEquivalentTo("projectId", "clusterName", "snapshotId", "targetDeploymentItemName");
        Schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("spec");
    }

    [Theory]
    [InlineData("api", "Auto", new[] { "Auto", "Flex", "Tenant" })]
    [InlineData("existingJobPolicy", "Adopt", new[] { "Adopt", "Resubmit" })]
    public void Enums_have_their_values_and_defaults(string field, string defaultValue, string[] values)
    {
        SpecProperties[field]!["type"]!.GetValue<string>().Should().Be("string");
        SpecProperties[field]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal(values);
        SpecProperties[field]!["default"]!.GetValue<string>().Should().Be(defaultValue);
    }

    [Fact]
    public void Spec_is_immutable_through_a_cel_transition_rule()
    {
        var rule = Schema["properties"]!["spec"]!["x-kubernetes-validations"]!.AsArray().Single()!;
        rule["rule"]!.GetValue<string>().Should().Be("self == oldSelf");
        rule["message"]!.GetValue<string>().Should().Be("spec is immutable: create a new AtlasSharedRestore to restore again");
    }

    [Fact]
    public void Status_has_the_contract_fields()
    {
        var status = (JsonObject)Schema["properties"]!["status"]!["properties"]!;
        status.Select(p => p.Key).Should().BeEquivalentTo(
            "phase", "api", "job", "adopted", "submission", "startTime", "completionTime", "observedGeneration", "conditions");
        status["phase"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal("Pending", "Submitting", "Running", "Completed", "Failed");
        status["api"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("Flex", "Tenant");
        ((JsonObject)status["job"]!["properties"]!).Select(p => p.Key).Should().BeEquivalentTo(
            "id", "status", "deliveryType", "projectId", "clusterName", "snapshotId", "targetDeploymentItemName",
            "targetProjectId", "restoreScheduledDate", "restoreFinishedDate", "snapshotFinishedDate", "expirationDate");
        ((JsonObject)status["submission"]!["properties"]!).Select(p => p.Key)
            .Should().BeEquivalentTo("attemptId", "startedAt", "holder");
        var condition = status["conditions"]!["items"]!;
        ((JsonObject)condition["properties"]!).Select(p => p.Key).Should().BeEquivalentTo(
            "type", "status", "observedGeneration", "lastTransitionTime", "reason", "message");
    }

    [Fact]
    public void Printer_columns_show_phase_atlas_status_job_target_and_age()
    {
        var columns = Version["additionalPrinterColumns"]!.AsArray()
            .Select(c => (Name: c!["name"]!.GetValue<string>(), Path: c["jsonPath"]!.GetValue<string>()))
            .ToList();
        columns.Should().Equal(
            ("Phase", ".status.phase"),
            ("Atlas Status", ".status.job.status"),
            ("Job", ".status.job.id"),
            ("Target", ".spec.targetDeploymentItemName"),
            ("Age", ".metadata.creationTimestamp"));
    }
}
