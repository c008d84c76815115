using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>Builds meta.k8s.io/v1 Table responses: CRD printer columns, or Name and Age for kinds without them.</summary>
internal sealed class TableWriter(ResourceDefinition definition, ResourceVersionInfo version, TimeProvider timeProvider, string includeObject)
{
    private const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    private IReadOnlyList<PrinterColumn> Columns
    {
        get
        {
            if (definition.Key == BuiltInResources.CrdKey)
            {
                return [new PrinterColumn("Created At", "date", "", "", 0, ".metadata.creationTimestamp")];
            }

            return version.PrinterColumns.Count > 0
                ? version.PrinterColumns
                : [new PrinterColumn("Age", "date", "", "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp", 0, ".metadata.creationTimestamp")];
        }
    }

    public JsonObject Build(IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken, bool withColumns)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = withColumns ? ColumnDefinitions() : null,
            ["rows"] = new JsonArray([.. objects.Select(o => (JsonNode?)Row(o))]),
        };
        return table;
    }

    private JsonArray ColumnDefinitions()
    {
        var columns = new JsonArray(new JsonObject
        {
            ["name"] = "Name",
            ["type"] = "string",
            ["format"] = "name",
            ["description"] = NameDescription,
            ["priority"] = 0,
        });
        foreach (var column in Columns)
        {
            columns.Add((JsonNode)new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        return columns;
    }

    private JsonObject Row(JsonObject obj)
    {
        var cells = new JsonArray(JsonValue.Create(KubeObject.Name(obj)));
        foreach (var column in Columns)
        {
            cells.Add(Cell(obj, column));
        }

        var row = new JsonObject { ["cells"] = cells };
        switch (includeObject)
        {
            case "None":
                break;
            case "Object":
                row["object"] = obj.DeepClone();
                break;
            default:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                };
                break;
        }

        return row;
    }

    private JsonNode? Cell(JsonObject obj, PrinterColumn column)
    {
        var value = SimpleJsonPath.Evaluate(obj, column.JsonPath);
        if (value is null)
        {
            return null;
        }

        var scalar = value as JsonValue;
        switch (column.Type)
        {
            case "integer" when KubeObject.Int64(scalar) is { } integer:
                return JsonValue.Create(integer);
            case "number" when scalar is not null && scalar.TryGetValue(out double d):
                return JsonValue.Create(d);
            case "boolean" when scalar is not null && scalar.TryGetValue(out bool b):
                return JsonValue.Create(b);
            case "date" when scalar is not null && scalar.TryGetValue(out string? text):
                if (definition.Key == BuiltInResources.CrdKey)
                {
                    return JsonValue.Create(text);
                }

                return KubeObject.ParseTimestamp(text) is { } time
                    ? JsonValue.Create(HumanDuration.Format(timeProvider.GetUtcNow() - time))
                    : JsonValue.Create("<invalid>");
            default:
                return scalar is not null && scalar.TryGetValue(out string? s) ? JsonValue.Create(s) : JsonValue.Create(value.ToJsonString());
        }
    }
}
