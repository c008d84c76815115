using System.Text.Json.Nodes;
using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>Turns a CustomResourceDefinition object into the resource it defines, validates it, and fills its status.</summary>
internal static class CrdDefinitionReader
{
    public static string? TryResourceKey(JsonObject crd)
    {
        var group = KubeObject.StringAt(crd, "spec.group");
        var plural = KubeObject.StringAt(crd, "spec.names.plural");
        return group is null || plural is null ? null : $"{plural}.{group}";
    }

    /// <summary>Reads a CRD that passed <see cref="Validate"/>.</summary>
    public static ResourceDefinition Read(JsonObject crd)
    {
        var kind = KubeObject.StringAt(crd, "spec.names.kind") ?? "";
        var versions = new List<ResourceVersionInfo>();
        if (crd["spec"]?["versions"] is JsonArray versionArray)
        {
            foreach (var version in versionArray.OfType<JsonObject>().Where(v => v["served"] is not JsonValue s || !s.TryGetValue(out bool served) || served))
            {
                versions.Add(new ResourceVersionInfo(
                    KubeObject.StringAt(version, "name") ?? "",
                    version["subresources"]?["status"] is JsonObject,
                    ReadColumns(version),
                    ParseSchema(version)));
            }
        }

        return new ResourceDefinition
        {
            Group = KubeObject.StringAt(crd, "spec.group") ?? "",
            Plural = KubeObject.StringAt(crd, "spec.names.plural") ?? "",
            Singular = KubeObject.StringAt(crd, "spec.names.singular") ?? kind.ToLowerInvariant(),
            Kind = kind,
            Namespaced = KubeObject.StringAt(crd, "spec.scope") != "Cluster",
            ShortNames = Strings(crd["spec"]?["names"]?["shortNames"]),
            Categories = Strings(crd["spec"]?["names"]?["categories"]),
            Versions = versions.OrderBy(v => v.Name, Comparer<string>.Create(KubeVersionOrder.Compare)).ToList(),
            IsCustom = true,
            RequiresResourceVersionOnUpdate = true,
        };
    }

    /// <summary>The subset of CRD validation the emulator enforces: name, names, scope, versions and parsable schemas.</summary>
    public static IReadOnlyList<ApiFieldError> Validate(JsonObject crd)
    {
        var errors = new List<ApiFieldError>();
        var group = KubeObject.StringAt(crd, "spec.group");
        var plural = KubeObject.StringAt(crd, "spec.names.plural");
        var kind = KubeObject.StringAt(crd, "spec.names.kind");
        if (string.IsNullOrEmpty(group))
        {
            errors.Add(new ApiFieldError("FieldValueRequired", "spec.group", "Required value"));
        }

        if (string.IsNullOrEmpty(plural))
        {
            errors.Add(new ApiFieldError("FieldValueRequired", "spec.names.plural", "Required value"));
        }

        if (string.IsNullOrEmpty(kind))
        {
            errors.Add(new ApiFieldError("FieldValueRequired", "spec.names.kind", "Required value"));
        }

        var name = KubeObject.Name(crd);
        if (!string.IsNullOrEmpty(group) && !string.IsNullOrEmpty(plural) && name != $"{plural}.{group}")
        {
            errors.Add(new ApiFieldError("FieldValueInvalid", "metadata.name", $"Invalid value: {Quote(name)}: must be spec.names.plural+\".\"+spec.group"));
        }

        var scope = KubeObject.StringAt(crd, "spec.scope");
        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(scope is null
                ? new ApiFieldError("FieldValueRequired", "spec.scope", "Required value")
                : new ApiFieldError("FieldValueNotSupported", "spec.scope", $"Unsupported value: {Quote(scope)}: supported values: \"Cluster\", \"Namespaced\""));
        }

        if (crd["spec"]?["versions"] is not JsonArray versions || versions.Count == 0)
        {
            errors.Add(new ApiFieldError("FieldValueRequired", "spec.versions", "Required value: must have exactly one version marked as storage version"));
            return errors;
        }

        var storageCount = versions.OfType<JsonObject>().Count(v => v["storage"] is JsonValue s && s.TryGetValue(out bool b) && b);
        if (storageCount != 1)
        {
            errors.Add(new ApiFieldError("FieldValueInvalid", "spec.versions", $"Invalid value: {storageCount}: must have exactly one version marked as storage version"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i]?["schema"]?["openAPIV3Schema"] is JsonObject schema)
            {
                try
                {
                    StructuralSchema.Parse(schema);
                }
                catch (SchemaNotSupportedException ex)
                {
                    errors.Add(new ApiFieldError("FieldValueInvalid", $"spec.versions[{i}].schema.openAPIV3Schema", $"Invalid value: \"object\": {ex.Message}"));
                }
            }
        }

        return errors;
    }

    /// <summary>What the real API server's CRD controllers write quickly after a create: names accepted, established.</summary>
    public static void FillStatus(JsonObject crd, JsonObject? old, DateTimeOffset now)
    {
        var names = crd["spec"]?["names"]?.DeepClone().AsObject() ?? [];
        var kind = KubeObject.StringAt(crd, "spec.names.kind") ?? "";
        names["singular"] ??= kind.ToLowerInvariant();
        names["listKind"] ??= kind + "List";
        if (crd["spec"] is JsonObject spec)
        {
            spec["names"] = names.DeepClone();
        }

        var stored = old?["status"]?["storedVersions"] is JsonArray oldStored ? Strings(oldStored).ToList() : [];
        var storage = (crd["spec"]?["versions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(v => v["storage"] is JsonValue s && s.TryGetValue(out bool b) && b);
        if (storage is not null && KubeObject.StringAt(storage, "name") is { } storageName && !stored.Contains(storageName))
        {
            stored.Add(storageName);
        }

        var since = old?["status"]?["conditions"]?[0]?["lastTransitionTime"]?.GetValue<string>() ?? KubeObject.FormatTimestamp(now);
        crd["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", since),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", since)),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray([.. stored.Select(s => (JsonNode?)JsonValue.Create(s))]),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string since) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = since,
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <summary>
    /// The version's schema, or null when it has none. A schema the emulator cannot enforce throws: objects must never be
    /// accepted unvalidated because a schema was quietly dropped (<see cref="Validate"/> refuses such CRDs first).
    /// </summary>
    private static StructuralSchema? ParseSchema(JsonObject version) =>
        version["schema"]?["openAPIV3Schema"] is JsonObject schema ? StructuralSchema.Parse(schema) : null;

    private static List<PrinterColumn> ReadColumns(JsonObject version)
    {
        if (version["additionalPrinterColumns"] is not JsonArray columns)
        {
            return [];
        }

        return columns.OfType<JsonObject>().Select(c =>
        {
            var jsonPath = KubeObject.StringAt(c, "jsonPath") ?? "";
            return new PrinterColumn(
                KubeObject.StringAt(c, "name") ?? "",
                KubeObject.StringAt(c, "type") ?? "string",
                KubeObject.StringAt(c, "format") ?? "",
                KubeObject.StringAt(c, "description") ?? $"Custom resource definition column (in JSONPath format): {jsonPath}",
                c["priority"] is JsonValue p && p.TryGetValue(out int priority) ? priority : 0,
                jsonPath);
        }).ToList();
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => n is JsonValue v && v.TryGetValue(out string? s) ? s : null).OfType<string>().ToList() : [];

    private static string Quote(string value) => GoFormat.Quote(value);
}
