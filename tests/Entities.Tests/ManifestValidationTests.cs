using System.Text.Json.Nodes;
using AtlasRestoreOperator.Operator.Crd;
using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;
using AtlasRestoreOperator.Sandbox.KubeEmulator;

namespace AtlasRestoreOperator.Entities.Tests;

/// <summary>
/// Manifests checked against the generated CRD with the same structural-schema code the Kubernetes API emulator runs,
/// so a sample that passes here is accepted by `kubectl apply`, and a bad one is refused with its field named.
/// </summary>
public sealed class ManifestValidationTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(
        (JsonObject)CrdGenerator.Generate()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.DeepClone());

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf("config/samples"), "*.yaml").Order())
        {
            if (Path.GetFileName(file) != "kustomization.yaml")
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_is_accepted_without_pruning_anything(string file)
    {
        var manifest = (JsonObject)YamlJson.ParseAll(File.ReadAllText(RepositoryFiles.PathOf("config/samples/" + file))).Single()!;
        manifest["kind"]!.GetValue<string>().Should().Be("AtlasSharedRestore");

        SchemaProcessor.Prune(manifest, Schema).Should().BeEmpty("a sample must not carry fields the CRD drops");
        SchemaProcessor.ApplyDefaults(manifest, Schema);
        SchemaProcessor.Validate(manifest, null, Schema).Should().BeEmpty();
    }

    [Fact]
    public void Defaults_fill_api_and_existing_job_policy()
    {
        var manifest = Valid();
        manifest["spec"]!.AsObject().Remove("api");
        manifest["spec"]!.AsObject().Remove("existingJobPolicy");

        SchemaProcessor.ApplyDefaults(manifest, Schema);

        manifest["spec"]!["api"]!.GetValue<string>().Should().Be("Auto");
        manifest["spec"]!["existingJobPolicy"]!.GetValue<string>().Should().Be("Adopt");
    }

    [Theory]
    [InlineData("projectId", "\"32B6E34B3D91647ABB20E7B8\"", "spec.projectId", "should match '^([a-f0-9]{24})$'")]
    [InlineData("projectId", "\"32b6e34b3d91647abb20e7b\"", "spec.projectId", "should match '^([a-f0-9]{24})$'")]
    [InlineData("snapshotId", "\"not-a-snapshot\"", "spec.snapshotId", "should match '^([a-f0-9]{24})$'")]
    [InlineData("snapshotId", "123", "spec.snapshotId", "must be of type string")]
    [InlineData("clusterName", "\"-prod\"", "spec.clusterName", "should match '^[a-zA-Z0-9][a-zA-Z0-9-]*$'")]
    [InlineData("clusterName", "\"prod_shared\"", "spec.clusterName", "should match")]
    [InlineData("targetDeploymentItemName", "\"has space\"", "spec.targetDeploymentItemName", "should match")]
    [InlineData("targetProjectId", "\"nope\"", "spec.targetProjectId", "should match '^([a-f0-9]{24})$'")]
    [InlineData("api", "\"flex\"", "spec.api", "Unsupported value: \"flex\": supported values: \"Auto\", \"Flex\", \"Tenant\"")]
    [InlineData("existingJobPolicy", "\"Replace\"", "spec.existingJobPolicy", "supported values: \"Adopt\", \"Resubmit\"")]
    [InlineData("connectionSecretRef", "{}", "spec.connectionSecretRef.name", "Required value")]
    [InlineData("connectionSecretRef", "\"atlas-credentials\"", "spec.connectionSecretRef", "must be of type object")]
    public void A_bad_field_is_refused_with_the_field_named(string field, string json, string expectedField, string expectedMessage)
    {
        var manifest = Valid();
        manifest["spec"]![field] = JsonNode.Parse(json);

        var errors = SchemaProcessor.Validate(manifest, null, Schema);

        errors.Should().ContainSingle(e => e.Field == expectedField)
            .Which.CauseMessage.Should().Contain(expectedMessage);
    }

    [Theory]
    [InlineData("projectId")]
    [InlineData("clusterName")]
    [InlineData("snapshotId")]
    [InlineData("targetDeploymentItemName")]
    public void A_missing_required_field_is_named(string field)
    {
        var manifest = Valid();
        manifest["spec"]!.AsObject().Remove(field);

        SchemaProcessor.Validate(manifest, null, Schema).Should()
            .ContainSingle(e => e.Field == "spec." + field).Which.CauseMessage.Should().Be("Required value");
    }

    [Fact]
    public void A_manifest_without_spec_is_refused()
    {
        var manifest = Valid();
        manifest.Remove("spec");

        SchemaProcessor.Validate(manifest, null, Schema).Should().Contain(e => e.Field == "spec" && e.CauseMessage == "Required value");
    }

    [Fact]
    public void Unknown_fields_are_reported_by_path_for_strict_field_validation()
    {
        var manifest = Valid();
        manifest["spec"]!["snapshotID"] = "6a6f78e0cab84da5c4476b25";
        manifest["spec"]!["connectionSecretRef"]!["namespace"] = "other";

        SchemaProcessor.Prune(manifest, Schema).Should().Equal("spec.connectionSecretRef.namespace", "spec.snapshotID");
    }

    [Fact]
    public void Editing_the_spec_after_create_is_refused_with_the_immutability_message()
    {
        var created = Valid();
        var edited = Valid();
        edited["spec"]!["snapshotId"] = "6a6f78e0cab84da5c4476b26";

        SchemaProcessor.Validate(created, null, Schema).Should().BeEmpty("the rule is a transition rule: create is allowed");
        SchemaProcessor.Validate(edited, created, Schema).Should().ContainSingle()
            .Which.ToString().Should().Be("spec: Invalid value: \"object\": spec is immutable: create a new AtlasSharedRestore to restore again");
    }

    [Fact]
    public void Status_can_change_while_the_spec_stays_the_same()
    {
        var created = Valid();
        var updated = Valid();
        updated["status"] = new JsonObject { ["phase"] = "Running" };

        SchemaProcessor.Validate(updated, created, Schema).Should().BeEmpty();
    }

    private static JsonObject Valid() => new()
    {
        ["apiVersion"] = "atlasrestore.io/v1alpha1",
        ["kind"] = "AtlasSharedRestore",
        ["metadata"] = new JsonObject { ["name"] = "r", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["projectId"] = "32b6e34b3d91647abb20e7b8",
            ["clusterName"] = "prod-flex",
            ["snapshotId"] = "6a6f78e0cab84da5c4476b25",
            ["targetDeploymentItemName"] = "staging-flex",
            ["connectionSecretRef"] = new JsonObject { ["name"] = "atlas-credentials" },
            ["api"] = "Auto",
            ["existingJobPolicy"] = "Adopt",
        },
    };
}
