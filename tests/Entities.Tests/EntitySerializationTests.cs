using System.Text.Json;
using System.Text.Json.Nodes;
using AtlasRestoreOperator.Operator.Crd;
using AtlasRestoreOperator.Sandbox.KubeEmulator;

namespace AtlasRestoreOperator.Entities.Tests;

public sealed class EntitySerializationTests
{
    [Fact]
    public void Samples_read_into_the_entity_with_every_field()
    {
        var flex = ReadSample("atlasrestore_v1alpha1_flex_restore.yaml");
        flex.Metadata.Name.Should().Be("refresh-staging-flex");
        flex.Spec.ProjectId.Should().Be("6650a1b2c3d4e5f6a7b8c9d0");
        flex.Spec.ClusterName.Should().Be("flex-source");
        flex.Spec.SnapshotId.Should().Be("6650a1b2c3d4e5f6a7b8d003");
        flex.Spec.TargetDeploymentItemName.Should().Be("flex-target");
        flex.Spec.ConnectionSecretRef!.Name.Should().Be("atlas-credentials");
        flex.Spec.Api.Should().Be(RestoreApi.Auto);
        flex.Spec.ExistingJobPolicy.Should().Be(ExistingJobPolicy.Adopt);
        flex.Spec.EffectiveTargetProjectId.Should().Be("6650a1b2c3d4e5f6a7b8c9d0");

        ReadSample("atlasrestore_v1alpha1_tenant_restore.yaml").Spec.Api.Should().Be(RestoreApi.Tenant);
    }

    [Fact]
    public void An_object_as_an_api_server_sends_it_with_managed_fields_writes_back_unchanged()
    {
        // Every object a real API server returns carries metadata.managedFields; the status PUT writes it back.
        const string FromServer = """
            {"apiVersion":"atlasrestore.io/v1alpha1","kind":"AtlasSharedRestore",
             "metadata":{"name":"r","namespace":"default","resourceVersion":"7",
              "managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"atlasrestore.io/v1alpha1",
               "time":"2026-11-28T10:00:00Z","fieldsType":"FieldsV1",
               "fieldsV1":{"f:spec":{"f:clusterName":{},"f:projectId":{}}}}]},
             "spec":{"projectId":"6650a1b2c3d4e5f6a7b8c9d0","clusterName":"flex-source","snapshotId":"6650a1b2c3d4e5f6a7b8d003",
              "targetDeploymentItemName":"flex-target"}}
            """;
        var read = JsonSerializer.Deserialize(FromServer, EntitiesJsonContext.Default.AtlasSharedRestore)!;

        var written = JsonSerializer.SerializeToNode(read, EntitiesJsonContext.Default.AtlasSharedRestore)!;

        var entry = written["metadata"]!["managedFields"]![0]!;
        entry["manager"]!.GetValue<string>().Should().Be("kubectl");
        JsonNode.DeepEquals(entry["fieldsV1"], JsonNode.Parse("""{"f:spec":{"f:clusterName":{},"f:projectId":{}}}""")).Should().BeTrue();
    }

    [Fact]
    public void Every_status_field_the_operator_writes_is_declared_in_the_crd_so_nothing_is_pruned()
    {
        var now = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        var status = new AtlasSharedRestoreStatus
        {
            Phase = RestorePhase.Running,
            Api = ResolvedApi.Flex,
            Adopted = false,
            Job = new AtlasRestoreJobStatus
            {
                Id = "6a793f812c88faeba59bc399", Status = "RUNNING", DeliveryType = "RESTORE", ProjectId = "p", ClusterName = "c",
                SnapshotId = "s", TargetDeploymentItemName = "t", TargetProjectId = "tp", RestoreScheduledDate = now,
                RestoreFinishedDate = now, SnapshotFinishedDate = now, ExpirationDate = now,
            },
            Submission = new SubmissionIntent { AttemptId = "a", StartedAt = now, Holder = "h" },
            StartTime = now,
            CompletionTime = now,
            ObservedGeneration = 1,
            Conditions = [new RestoreCondition { Type = "Ready", Status = "False", ObservedGeneration = 1, LastTransitionTime = now, Reason = "Running", Message = "m" }],
        };
        var written = JsonSerializer.SerializeToNode(status, EntitiesJsonContext.Default.AtlasSharedRestoreStatus)!;
        var schema = CrdGenerator.Generate()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["status"]!;

        Undeclared(written, schema, "status").Should().BeEmpty();
        written["phase"]!.GetValue<string>().Should().Be("Running", "enums are written by name, as the CRD declares them");
        written["job"]!["restoreScheduledDate"]!.GetValue<string>().Should().StartWith("2026-11-28T10:00:00");
    }

    private static IEnumerable<string> Undeclared(JsonNode value, JsonNode schema, string path)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childSchema = schema["properties"]?[name];
                    if (childSchema is null)
                    {
                        yield return path + "." + name;
                    }
                    else if (child is not null)
                    {
                        foreach (var missing in Undeclared(child, childSchema, path + "." + name))
                        {
                            yield return missing;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.Where(i => i is not null))
                {
                    foreach (var missing in Undeclared(item!, schema["items"]!, path + "[]"))
                    {
                        yield return missing;
                    }
                }

                break;
        }
    }

    private static AtlasSharedRestore ReadSample(string file)
    {
        var json = YamlJson.ParseAll(File.ReadAllText(RepositoryFiles.PathOf("config/samples/" + file))).Single()!;
        return json.Deserialize(EntitiesJsonContext.Default.AtlasSharedRestore)!;
    }
}
