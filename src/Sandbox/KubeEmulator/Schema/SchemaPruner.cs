using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>Drops fields the schema does not specify, as the API server's decoder does (KEP-2332).</summary>
internal static class SchemaPruner
{
    public static void Prune(JsonNode? value, StructuralSchema schema, string path, bool isObjectRoot, List<string> removed)
    {
        if (schema.IntOrString)
        {
            return;
        }

        switch (value)
        {
            case JsonObject obj when schema.Type is "object" or "":
                PruneObject(obj, schema, path, isObjectRoot || schema.EmbeddedResource, removed);
                break;
            case JsonArray array when schema.Items is not null:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], schema.Items, FieldPaths.Index(path, i), isObjectRoot: false, removed);
                }

                break;
        }
    }

    private static void PruneObject(JsonObject obj, StructuralSchema schema, string path, bool isObjectRoot, List<string> removed)
    {
        if (schema.AdditionalProperties is { } valueSchema)
        {
            foreach (var (key, child) in obj)
            {
                Prune(child, valueSchema, FieldPaths.Child(path, key), isObjectRoot: false, removed);
            }

            return;
        }

        List<string>? unknown = null;
        foreach (var (key, child) in obj)
        {
            if (isObjectRoot && FieldPaths.IsObjectMachineryField(key))
            {
                // metadata is ObjectMeta, decoded and validated by the server itself; apiVersion and kind always stay.
                continue;
            }

            if (schema.Property(key) is { } propertySchema)
            {
                Prune(child, propertySchema, FieldPaths.Child(path, key), isObjectRoot: false, removed);
            }
            else if (!schema.PreserveUnknownFields)
            {
                removed.Add(FieldPaths.Child(path, key));
                (unknown ??= []).Add(key);
            }
        }

        foreach (var key in unknown ?? [])
        {
            obj.Remove(key);
        }
    }
}
