using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// Applies <c>default:</c> values where a property is absent, inside objects that exist. A null in a property that
/// is not nullable is replaced by its default, or dropped when it has none, as the API server does before defaulting.
/// </summary>
internal static class SchemaDefaulter
{
    public static void Apply(JsonNode? value, StructuralSchema schema, bool isObjectRoot)
    {
        switch (value)
        {
            case JsonObject obj when schema.Type is "object" or "":
                ApplyToObject(obj, schema, isObjectRoot || schema.EmbeddedResource);
                break;
            case JsonArray array when schema.Items is not null:
                foreach (var item in array)
                {
                    Apply(item, schema.Items, isObjectRoot: false);
                }

                break;
        }
    }

    private static void ApplyToObject(JsonObject obj, StructuralSchema schema, bool isObjectRoot)
    {
        foreach (var (name, propertySchema) in schema.Properties)
        {
            if (isObjectRoot && FieldPaths.IsObjectMachineryField(name))
            {
                continue;
            }

            var present = obj.TryGetPropertyValue(name, out var existing);
            if (present && existing is null && !propertySchema.Nullable)
            {
                if (propertySchema is { HasDefault: true, Default: not null })
                {
                    obj[name] = propertySchema.Default.DeepClone();
                }
                else
                {
                    obj.Remove(name);
                }
            }
            else if (!present && propertySchema is { HasDefault: true, Default: not null })
            {
                obj[name] = propertySchema.Default.DeepClone();
            }
        }

        foreach (var (key, child) in obj.ToList())
        {
            if (isObjectRoot && FieldPaths.IsObjectMachineryField(key))
            {
                continue;
            }

            var childSchema = schema.Property(key) ?? schema.AdditionalProperties;
            if (childSchema is not null)
            {
                Apply(child, childSchema, isObjectRoot: false);
            }
        }
    }
}
