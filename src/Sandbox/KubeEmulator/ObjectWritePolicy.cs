using System.Text.Json.Nodes;
using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>
/// The API server's rules for a new object state on create and update: metadata the server owns, the status
/// subresource split, generation, finalizers on terminating objects, and (for custom resources) pruning, defaulting
/// and validation against the CRD's structural schema.
/// </summary>
internal sealed class ObjectWritePolicy(KubeStore store, TimeProvider timeProvider)
{
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    public JsonObject PrepareCreate(ResourceDefinition definition, ResourceVersionInfo version, JsonObject obj, string? urlNamespace, WriteOptions options)
    {
        obj["apiVersion"] = definition.ApiVersion(version.Name);
        obj["kind"] = definition.Kind;
        var metadata = KubeObject.Metadata(obj);
        if (definition.Namespaced)
        {
            var bodyNamespace = KubeObject.Namespace(obj);
            if (!string.IsNullOrEmpty(bodyNamespace) && urlNamespace is not null && bodyNamespace != urlNamespace)
            {
                throw StatusBodies.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            var ns = string.IsNullOrEmpty(bodyNamespace) ? urlNamespace ?? "default" : bodyNamespace;
            metadata["namespace"] = ns;
            if (!store.NamespaceExists(ns))
            {
                throw StatusBodies.NotFound("", "namespaces", ns);
            }
        }
        else
        {
            metadata.Remove("namespace");
        }

        if (string.IsNullOrEmpty(KubeObject.Name(obj)))
        {
            var generateName = KubeObject.MetadataString(obj, "generateName");
            if (string.IsNullOrEmpty(generateName))
            {
                throw StatusBodies.Invalid(definition, "", [new ApiFieldError("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")]);
            }

            metadata["name"] = generateName + new string(Enumerable.Range(0, 5).Select(_ => NameChars[Random.Shared.Next(NameChars.Length)]).ToArray());
        }

        var nameProblems = ObjectNameRules.Problems(KubeObject.Name(obj), definition.Key == BuiltInResources.NamespaceKey);
        if (nameProblems.Count > 0)
        {
            throw StatusBodies.Invalid(definition, KubeObject.Name(obj),
                [new ApiFieldError("FieldValueInvalid", "metadata.name", $"Invalid value: {GoFormat.Quote(KubeObject.Name(obj))}: {string.Join("; ", nameProblems)}")]);
        }

        if (version.HasStatusSubresource)
        {
            obj.Remove("status");
        }

        ApplySchema(definition, version, obj, null, options);

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = KubeObject.FormatTimestamp(timeProvider.GetUtcNow());
        metadata["generation"] = 1;
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("managedFields");
        metadata.Remove("selfLink");

        if (definition.Key == BuiltInResources.CrdKey)
        {
            var errors = CrdDefinitionReader.Validate(obj);
            if (errors.Count > 0)
            {
                throw StatusBodies.Invalid(definition, KubeObject.Name(obj), errors);
            }

            CrdDefinitionReader.FillStatus(obj, null, timeProvider.GetUtcNow());
        }
        else if (definition.Key == BuiltInResources.NamespaceKey)
        {
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (definition.Key == "secrets")
        {
            NormalizeSecret(obj);
        }

        return obj;
    }

    /// <summary>The new state for an update of <paramref name="current"/> with <paramref name="incoming"/> (a PUT body or a patched object).</summary>
    /// <remarks>
    /// managedFields follow the real server: an apply's computed entries are taken as they are; another write of the main
    /// resource takes the entries it sends (as kubectl does when it moves client-side apply ownership to server-side
    /// apply), where an empty list means "keep" and a list of one empty entry means "clear"; a status write never changes
    /// them (a client writing back the object it read must not rewrite ownership).
    /// </remarks>
    public JsonObject PrepareUpdate(
        ResourceDefinition definition, ResourceVersionInfo version, JsonObject current, JsonObject incoming, bool statusSubresource, bool isApply,
        WriteOptions options)
    {
        var managedFields = ManagedFieldsAfter(current, incoming, statusSubresource, isApply);
        var name = KubeObject.Name(current);
        JsonObject result;
        if (statusSubresource)
        {
            // Only status is taken from the request; everything else stays as stored.
            result = current.DeepClone().AsObject();
            if (incoming["status"] is { } status)
            {
                result["status"] = status.DeepClone();
            }
            else
            {
                result.Remove("status");
            }

            SetManagedFields(result, managedFields);
            ApplySchema(definition, version, result, current, options);
            if (definition.Key == BuiltInResources.CrdKey)
            {
                CrdDefinitionReader.FillStatus(result, current, timeProvider.GetUtcNow());
            }

            return result;
        }

        result = incoming.DeepClone().AsObject();
        result["apiVersion"] = current["apiVersion"]?.DeepClone();
        result["kind"] = definition.Kind;
        var metadata = KubeObject.Metadata(result);
        var incomingName = KubeObject.Name(result);
        if (incomingName.Length > 0 && incomingName != name)
        {
            throw StatusBodies.BadRequest($"the name of the object ({incomingName}) does not match the name on the URL ({name})");
        }

        var incomingNamespace = KubeObject.Namespace(result);
        if (definition.Namespaced && !string.IsNullOrEmpty(incomingNamespace) && incomingNamespace != KubeObject.Namespace(current))
        {
            throw StatusBodies.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var incomingUid = KubeObject.Uid(result);
        if (!string.IsNullOrEmpty(incomingUid) && incomingUid != KubeObject.Uid(current))
        {
            throw StatusBodies.Invalid(definition, name, [new ApiFieldError("FieldValueInvalid", "metadata.uid", $"Invalid value: {GoFormat.Quote(incomingUid)}: field is immutable")]);
        }

        metadata["name"] = name;
        foreach (var owned in new[] { "namespace", "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            if (current["metadata"]?[owned] is { } value)
            {
                metadata[owned] = value.DeepClone();
            }
            else
            {
                metadata.Remove(owned);
            }
        }

        SetManagedFields(result, managedFields);
        metadata.Remove("selfLink");

        if (version.HasStatusSubresource)
        {
            if (current["status"] is { } stored)
            {
                result["status"] = stored.DeepClone();
            }
            else
            {
                result.Remove("status");
            }
        }

        if (KubeObject.IsDeleting(current))
        {
            var added = KubeObject.Finalizers(result).Except(KubeObject.Finalizers(current)).ToList();
            if (added.Count > 0)
            {
                throw StatusBodies.Invalid(definition, name, [new ApiFieldError("FieldValueForbidden", "metadata.finalizers",
                    $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers {GoFormat.StringSlice(added)}")]);
            }
        }

        ApplySchema(definition, version, result, current, options);
        if (definition.Key == "secrets")
        {
            NormalizeSecret(result);
        }

        if (definition.Key == BuiltInResources.CrdKey)
        {
            var errors = CrdDefinitionReader.Validate(result);
            if (errors.Count > 0)
            {
                throw StatusBodies.Invalid(definition, name, errors);
            }

            CrdDefinitionReader.FillStatus(result, current, timeProvider.GetUtcNow());
        }

        if (!JsonNode.DeepEquals(WithoutMetadata(current), WithoutMetadata(result)))
        {
            metadata["generation"] = KubeObject.Generation(current) + 1;
        }

        return result;
    }

    /// <summary>Prune (reporting unknown fields per fieldValidation), default and validate a custom resource against its schema.</summary>
    private static void ApplySchema(ResourceDefinition definition, ResourceVersionInfo version, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        if (version.Schema is not { } schema)
        {
            return;
        }

        // The schema processors leave apiVersion, kind and metadata alone (the server checks those itself).
        var pruned = SchemaProcessor.Prune(obj, schema);
        if (pruned.Count > 0 && options.FieldValidation != "Ignore")
        {
            var unknown = pruned.Select(p => $"unknown field {GoFormat.Quote(p)}").ToList();
            if (options.FieldValidation == "Strict")
            {
                throw StatusBodies.BadRequest(
                    $"{definition.Kind} in version {GoFormat.Quote(version.Name)} cannot be handled as a {definition.Kind}: strict decoding error: {string.Join(", ", unknown)}");
            }

            options.Warnings.AddRange(unknown);
        }

        SchemaProcessor.ApplyDefaults(obj, schema);

        // Names were checked by ObjectNameRules before the schema runs.
        var errors = SchemaProcessor.Validate(obj, old, schema).Select(e => new ApiFieldError(e.Reason, e.Field, e.CauseMessage)).ToList();
        if (errors.Count > 0)
        {
            throw StatusBodies.Invalid(definition, KubeObject.Name(obj), errors);
        }
    }

    /// <summary>As the real server: <c>stringData</c> is write-only, merged into base64 <c>data</c>; the type defaults to Opaque.</summary>
    private static void NormalizeSecret(JsonObject secret)
    {
        if (secret["stringData"] is JsonObject stringData)
        {
            var data = secret["data"] as JsonObject ?? new JsonObject();
            foreach (var (key, value) in stringData)
            {
                var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "";
                data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
            }

            secret["data"] = data;
        }

        secret.Remove("stringData");
        if (string.IsNullOrEmpty(KubeObject.StringAt(secret, "type")))
        {
            secret["type"] = "Opaque";
        }
    }

    private static JsonNode? ManagedFieldsAfter(JsonObject current, JsonObject incoming, bool statusSubresource, bool isApply)
    {
        var stored = current["metadata"]?["managedFields"];
        var sent = incoming["metadata"]?["managedFields"] as JsonArray;
        if (isApply)
        {
            return (sent ?? stored)?.DeepClone();
        }

        if (statusSubresource || sent is null || sent.Count == 0)
        {
            return stored?.DeepClone();
        }

        return sent is [JsonObject { Count: 0 }] ? null : sent.DeepClone();
    }

    private static void SetManagedFields(JsonObject obj, JsonNode? managedFields)
    {
        if (managedFields is null)
        {
            KubeObject.Metadata(obj).Remove("managedFields");
        }
        else
        {
            KubeObject.Metadata(obj)["managedFields"] = managedFields;
        }
    }

    private static JsonObject WithoutMetadata(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is not ("apiVersion" or "kind" or "metadata"))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }
}
