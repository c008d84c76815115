using System.Text.Json.Nodes;
using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests.Schema;

/// <summary>The whole create/update path on a schema shaped like this project's AtlasSharedRestore CRD.</summary>
public sealed class AtlasSharedRestoreSchemaTests
{
    private const string ImmutableMessage = "spec is immutable: create a new AtlasSharedRestore to restore again";

    private static readonly StructuralSchema Schema = Json.Schema("""
        {"type":"object","properties":{
          "apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object"},
          "spec":{"type":"object",
            "required":["projectId","clusterName","snapshotId","targetDeploymentItemName"],
            "x-kubernetes-validations":[{"rule":"self == oldSelf","message":"spec is immutable: create a new AtlasSharedRestore to restore again"}],
            "properties":{
              "projectId":{"type":"string","pattern":"^([a-f0-9]{24})$"},
              "clusterName":{"type":"string","pattern":"^[a-zA-Z0-9][a-zA-Z0-9-]*$","minLength":1,"maxLength":64},
              "snapshotId":{"type":"string","pattern":"^([a-f0-9]{24})$"},
              "targetDeploymentItemName":{"type":"string","pattern":"^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$"},
              "targetProjectId":{"type":"string","pattern":"^([a-f0-9]{24})$"},
              "connectionSecretRef":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}},
              "api":{"type":"string","enum":["Auto","Flex","Tenant"],"default":"Auto"},
              "existingJobPolicy":{"type":"string","enum":["Adopt","Resubmit"],"default":"Adopt"}}},
          "status":{"type":"object","properties":{
            "phase":{"type":"string"},"startTime":{"type":"string","format":"date-time"},
            "observedGeneration":{"type":"integer","format":"int64"},
            "conditions":{"type":"array","items":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}}
        """);

    /// <summary>A valid restore; <paramref name="specOverrides"/> (a JSON object) replaces or adds spec fields.</summary>
    private static JsonObject Restore(string specOverrides = "{}")
    {
        var obj = Json.Object("""
            {"apiVersion":"atlasrestore.io/v1alpha1","kind":"AtlasSharedRestore",
             "metadata":{"name":"refresh-staging","namespace":"team-a"},
             "spec":{"projectId":"32b6e34b3d91647abb20e7b8","clusterName":"prod-shared",
                     "snapshotId":"32b6e34b3d91647abb20e7b9","targetDeploymentItemName":"staging-shared"}}
            """);
        foreach (var (key, value) in Json.Object(specOverrides).ToList())
        {
            obj["spec"]![key] = value?.DeepClone();
        }

        return obj;
    }

    /// <summary>Prune, default, validate: the order the API server applies on a write.</summary>
    private static (IReadOnlyList<string> Pruned, IReadOnlyList<FieldError> Errors) Write(JsonObject obj, JsonObject? old = null)
    {
        var pruned = SchemaProcessor.Prune(obj, Schema);
        SchemaProcessor.ApplyDefaults(obj, Schema);
        return (pruned, SchemaProcessor.Validate(obj, old, Schema));
    }

    [Fact]
    public void A_valid_restore_is_accepted_with_defaults_filled()
    {
        var obj = Restore();

        var (pruned, errors) = Write(obj);

        pruned.Should().BeEmpty();
        errors.Should().BeEmpty();
        obj["spec"]!["api"]!.GetValue<string>().Should().Be("Auto");
        obj["spec"]!["existingJobPolicy"]!.GetValue<string>().Should().Be("Adopt");
    }

    [Fact]
    public void Bad_ids_names_and_enums_are_reported_in_document_order_and_block_the_immutability_rule()
    {
        var obj = Json.Object("""
            {"spec":{"projectId":"abc","clusterName":"-bad","snapshotId":"32b6e34b3d91647abb20e7b9",
                     "targetDeploymentItemName":"bad/name","api":"Serverless","typo":1}}
            """);

        var (pruned, errors) = Write(obj);

        pruned.Should().Equal("spec.typo");
        Json.Messages(errors).Should().Equal(
            "spec.projectId: Invalid value: \"abc\": spec.projectId in body should match '^([a-f0-9]{24})$'",
            "spec.clusterName: Invalid value: \"-bad\": spec.clusterName in body should match '^[a-zA-Z0-9][a-zA-Z0-9-]*$'",
            "spec.targetDeploymentItemName: Invalid value: \"bad/name\": spec.targetDeploymentItemName in body should match '^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$'",
            "spec.api: Unsupported value: \"Serverless\": supported values: \"Auto\", \"Flex\", \"Tenant\"",
            "<nil>: Invalid value: \"null\": " + SchemaProcessor.RulesNotCheckedMessage);
        errors[3].Reason.Should().Be("FieldValueNotSupported");
    }

    [Fact]
    public void Missing_required_fields_are_each_reported()
    {
        var (_, errors) = Write(Json.Object("""{"spec":{"clusterName":"c"}}"""));

        Json.Messages(errors).Should().Equal(
            "spec.projectId: Required value",
            "spec.snapshotId: Required value",
            "spec.targetDeploymentItemName: Required value",
            "<nil>: Invalid value: \"null\": " + SchemaProcessor.RulesNotCheckedMessage);
    }

    [Fact]
    public void Unicode_letters_and_atlas_punctuation_are_allowed_in_the_target_name()
    {
        var (_, errors) = Write(Restore("""{"targetDeploymentItemName":"Zürich_(prod):1&2@x+y'z"}"""));

        errors.Should().BeEmpty();
    }

    [Fact]
    public void The_spec_is_immutable_on_update_but_status_may_change()
    {
        var stored = Restore();
        Write(stored);
        var sameSpecNewStatus = Restore();
        sameSpecNewStatus["status"] = Json.Object("""{"phase":"Running","startTime":"2026-11-28T09:30:00Z","observedGeneration":1}""");
        var changedSpec = Restore("""{"snapshotId":"aaaaaaaaaaaaaaaaaaaaaaaa"}""");

        Write(sameSpecNewStatus, stored).Errors.Should().BeEmpty();
        var error = Write(changedSpec, stored).Errors.Should().ContainSingle().Subject;

        error.Field.Should().Be("spec");
        error.Reason.Should().Be("FieldValueInvalid");
        error.CauseMessage.Should().Be("Invalid value: \"object\": " + ImmutableMessage);
    }

    [Fact]
    public void Writing_a_default_explicitly_on_update_is_not_a_change()
    {
        var stored = Restore();
        Write(stored);

        Write(Restore("""{"api":"Auto"}"""), stored).Errors.Should().BeEmpty();
        Write(Restore("""{"api":"Flex"}"""), stored).Errors.Should().ContainSingle()
            .Which.CauseMessage.Should().EndWith(ImmutableMessage);
    }

    [Fact]
    public void Conditions_keep_their_fields_and_status_timestamps_are_checked()
    {
        var obj = Restore();
        obj["status"] = Json.Object("""{"startTime":"soon","conditions":[{"type":"Ready","status":"False","reason":"Pending"}]}""");

        var (pruned, errors) = Write(obj);

        pruned.Should().BeEmpty();
        Json.Messages(errors).Should().Equal(
            "status.startTime: Invalid value: \"soon\": status.startTime in body must be of type date-time: \"soon\"",
            "<nil>: Invalid value: \"null\": " + SchemaProcessor.RulesNotCheckedMessage);
    }

    [Fact]
    public void On_update_unchanged_invalid_values_are_ratcheted_and_changed_ones_are_checked()
    {
        // Stored before the schema tightened: a cluster name the pattern now refuses.
        var stored = Restore("""{"clusterName":"-legacy"}""");
        SchemaProcessor.ApplyDefaults(stored, Schema);
        var statusOnly = Restore("""{"clusterName":"-legacy"}""");
        statusOnly["status"] = Json.Object("""{"phase":"Running"}""");
        var renamed = Restore("""{"clusterName":"-other"}""");

        Write(statusOnly, stored).Errors.Should().BeEmpty();
        Json.Messages(Write(renamed, stored).Errors).Should().Equal(
            "spec.clusterName: Invalid value: \"-other\": spec.clusterName in body should match '^[a-zA-Z0-9][a-zA-Z0-9-]*$'",
            "spec: Invalid value: \"object\": " + ImmutableMessage);
    }
}
