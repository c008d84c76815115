using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>get, list, watch, create, update, patch, delete and deletecollection on one resource URL.</summary>
internal sealed class ResourceRequestHandler(KubeStore store, TimeProvider timeProvider, WatchStreamer watchStreamer)
{
    private readonly ObjectWritePolicy _policy = new(store, timeProvider);

    public async Task HandleAsync(HttpContext context, ApiRequestTarget target, CancellationToken stopping)
    {
        var definition = store.FindResource(target.Group, target.Plural) ?? throw StatusBodies.UnknownPath();
        var version = definition.FindVersion(target.Version) ?? throw StatusBodies.UnknownPath();
        if (target.Subresource is not null && (target.Subresource != "status" || !version.HasStatusSubresource))
        {
            throw StatusBodies.UnknownPath();
        }

        var ns = definition.Namespaced ? target.Namespace : null;
        if (!definition.Namespaced && target.Namespace is not null)
        {
            throw StatusBodies.UnknownPath();
        }

        var method = context.Request.Method;
        var ct = context.RequestAborted;
        if (target.Name is null)
        {
            var watch = target.WatchPath || context.Request.Query["watch"] is var w && (w == "true" || w == "1");
            switch (method)
            {
                case "GET" when watch:
                    await watchStreamer.StreamAsync(context, definition, version, ns, stopping);
                    return;
                case "GET":
                    await ListAsync(context, definition, version, ns, ct);
                    return;
                case "POST":
                    await CreateAsync(context, definition, version, ns, ct);
                    return;
                case "DELETE":
                    await DeleteCollectionAsync(context, definition, version, ns, ct);
                    return;
                default:
                    throw StatusBodies.MethodNotAllowed();
            }
        }

        if (definition.Namespaced && ns is null)
        {
            throw StatusBodies.UnknownPath();
        }

        var status = target.Subresource == "status";
        switch (method)
        {
            case "GET" when target.WatchPath:
                await watchStreamer.StreamAsync(context, definition, version, ns, stopping);
                return;
            case "GET":
                await GetAsync(context, definition, version, ns, target.Name, ct);
                return;
            case "PUT":
                await UpdateAsync(context, definition, version, ns, target.Name, status, ct);
                return;
            case "PATCH":
                await PatchAsync(context, definition, version, ns, target.Name, status, ct);
                return;
            case "DELETE" when !status:
                await DeleteAsync(context, definition, version, ns, target.Name, ct);
                return;
            default:
                throw StatusBodies.MethodNotAllowed();
        }
    }

    private async Task GetAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, string? ns, string name, CancellationToken ct)
    {
        var obj = store.Get(definition.Group, definition.Plural, ns, name) ?? throw StatusBodies.NotFound(definition, name);
        Present(definition, version, obj);
        if (HttpResponses.WantsTable(context))
        {
            var table = new TableWriter(definition, version, timeProvider, context.Request.Query["includeObject"].ToString())
                .Build([obj], KubeObject.ResourceVersion(obj) ?? "", null, withColumns: true);
            await HttpResponses.WriteJsonAsync(context, 200, table, ct, TableContentType);
            return;
        }

        await HttpResponses.WriteJsonAsync(context, 200, obj, ct);
    }

    private const string TableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private async Task ListAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, string? ns, CancellationToken ct)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], definition);
        var (all, rv) = store.ListWithVersion(definition.Group, definition.Plural, ns);
        var matching = all.Where(o => labels.Matches(o) && fields.Matches(o)).ToList();

        var continueFrom = query["continue"].ToString();
        if (continueFrom.Length > 0)
        {
            string after;
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(continueFrom));
            }
            catch (FormatException)
            {
                throw StatusBodies.BadRequest("continue key is not valid: illegal base64 data");
            }

            matching = matching.Where(o => string.CompareOrdinal(SortKey(o), after) > 0).ToList();
        }

        string? next = null;
        if (int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0 && matching.Count > limit)
        {
            matching = matching.Take(limit).ToList();
            next = Convert.ToBase64String(Encoding.UTF8.GetBytes(SortKey(matching[^1])));
        }

        foreach (var obj in matching)
        {
            Present(definition, version, obj);
        }

        var rvText = rv.ToString(CultureInfo.InvariantCulture);
        if (HttpResponses.WantsTable(context))
        {
            var table = new TableWriter(definition, version, timeProvider, query["includeObject"].ToString()).Build(matching, rvText, next, withColumns: true);
            await HttpResponses.WriteJsonAsync(context, 200, table, ct, TableContentType);
            return;
        }

        var metadata = new JsonObject { ["resourceVersion"] = rvText };
        if (next is not null)
        {
            metadata["continue"] = next;
        }

        var list = new JsonObject
        {
            ["apiVersion"] = definition.ApiVersion(version.Name),
            ["kind"] = definition.ListKind,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. matching]),
        };
        await HttpResponses.WriteJsonAsync(context, 200, list, ct);
    }

    private async Task CreateAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, string? ns, CancellationToken ct)
    {
        var options = Options(context);
        var obj = await ReadObjectAsync(context, definition, version, ct);
        var prepared = _policy.PrepareCreate(definition, version, obj, ns, options);
        if (options.UpdateManager.Length > 0)
        {
            FieldOwnership.RecordUpdate(null, prepared, options.UpdateManager, definition.ApiVersion(version.Name), timeProvider.GetUtcNow(), null);
        }

        var name = KubeObject.Name(prepared);
        if (options.DryRun)
        {
            if (store.Get(definition.Group, definition.Plural, KubeObject.Namespace(prepared), name) is not null)
            {
                throw StatusBodies.AlreadyExists(definition, name);
            }

            await RespondAsync(context, 201, definition, version, prepared, options, ct);
            return;
        }

        var result = store.Write(definition, KubeObject.Namespace(prepared), name, current =>
            current is null ? new StoreWriteIntent(prepared) : throw StatusBodies.AlreadyExists(definition, name));
        await RespondAsync(context, 201, definition, version, result.Object!, options, ct);
    }

    private async Task UpdateAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, string? ns, string name, bool status, CancellationToken ct)
    {
        var options = Options(context);
        var incoming = await ReadObjectAsync(context, definition, version, ct);
        var incomingRv = KubeObject.ResourceVersion(incoming);
        if (string.IsNullOrEmpty(incomingRv) && definition.RequiresResourceVersionOnUpdate)
        {
            // A registry error: the qualified name is the resource, and the zero uint64 prints as 0x0.
            throw StatusBodies.Invalid(definition.QualifiedResource, definition.Plural, definition.Group, name,
                [new ApiFieldError("FieldValueInvalid", "metadata.resourceVersion", "Invalid value: 0x0: must be specified for an update")]);
        }

        var result = Update(definition, version, ns, name, status, options, current =>
        {
            if (!string.IsNullOrEmpty(incomingRv) && incomingRv != KubeObject.ResourceVersion(current))
            {
                throw StatusBodies.Conflict(definition, name);
            }

            return incoming;
        });
        await RespondAsync(context, 200, definition, version, result, options, ct);
    }

    private async Task PatchAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, string? ns, string name, bool status, CancellationToken ct)
    {
        var options = Options(context);
        var mediaType = HttpResponses.MediaType(context.Request.ContentType);
        var body = await HttpResponses.ReadBodyAsync(context, ct);
        JsonNode? patch;
        switch (mediaType)
        {
            case "application/strategic-merge-patch+json" when definition.IsCustom:
                throw StatusBodies.UnsupportedPatch();
            case "application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/json-patch+json":
                patch = ParseJson(body);
                break;
            case "application/apply-patch+yaml":
                if (string.IsNullOrEmpty(options.FieldManager))
                {
                    throw StatusBodies.Invalid("PatchOptions.meta.k8s.io", "PatchOptions", "meta.k8s.io", "",
                        [new ApiFieldError("FieldValueRequired", "fieldManager", "Required value: is required for apply patch")]);
                }

                patch = YamlJson.Parse(body);
                break;
            default:
                throw StatusBodies.UnsupportedPatch();
        }

        if (mediaType == "application/json-patch+json" ? patch is not JsonArray : patch is not JsonObject)
        {
            throw StatusBodies.BadRequest("the server rejected our request due to an error in our request: the patch body is not a valid " +
                (mediaType == "application/json-patch+json" ? "JSON patch (an array of operations)" : "object"));
        }

        var created = false;
        var result = Update(definition, version, ns, name, status, options, current => mediaType switch
        {
            "application/merge-patch+json" => JsonMergePatch.Apply(current, patch)!.AsObject(),
            "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(current, patch)!.AsObject(),
            "application/json-patch+json" => JsonPatch.Apply(current, patch!.AsArray()) as JsonObject
                ?? throw StatusBodies.BadRequest("the server rejected our request due to an error in our request: the patched document is not an object"),
            _ => ServerSideApply.Merge(current, patch!.AsObject(), options.FieldManager!, definition.ApiVersion(version.Name), timeProvider.GetUtcNow(),
                status, version.HasStatusSubresource, options.Force),
        }, preconditionFromPatch: true, isApply: mediaType == "application/apply-patch+yaml", createWith: mediaType == "application/apply-patch+yaml" && !status
            ? () =>
            {
                created = true;
                var applied = patch!.DeepClone().AsObject();
                var appliedName = KubeObject.Name(applied);
                if (appliedName.Length > 0 && appliedName != name)
                {
                    throw StatusBodies.BadRequest($"the name of the object ({appliedName}) does not match the name on the URL ({name})");
                }

                KubeObject.Metadata(applied)["name"] = name;
                var fresh = _policy.PrepareCreate(definition, version, applied, ns, options);
                KubeObject.Metadata(fresh)["managedFields"] = new JsonArray(ServerSideApply.Entry(
                    options.FieldManager!, definition.ApiVersion(version.Name), timeProvider.GetUtcNow(), ServerSideApply.FieldSet(patch!.AsObject(), isRoot: true), null));
                return fresh;
            }
            : null);
        await RespondAsync(context, created ? 201 : 200, definition, version, result, options, ct);
    }

    /// <summary>
    /// The shared update path: under the store lock, compute the incoming object from the current one, check the
    /// resourceVersion precondition it carries, apply the update rules and commit (or, with dryRun, only compute).
    /// </summary>
    private JsonObject Update(
        ResourceDefinition definition,
        ResourceVersionInfo version,
        string? ns,
        string name,
        bool status,
        WriteOptions options,
        Func<JsonObject, JsonObject> incomingFrom,
        bool preconditionFromPatch = false,
        bool isApply = false,
        Func<JsonObject>? createWith = null)
    {
        JsonObject? preview = null;
        var result = store.Write(definition, ns, name, current =>
        {
            if (current is null)
            {
                if (createWith is null)
                {
                    throw StatusBodies.NotFound(definition, name);
                }

                var fresh = createWith();
                if (options.DryRun)
                {
                    preview = fresh;
                    return StoreWriteIntent.Unchanged;
                }

                return new StoreWriteIntent(fresh);
            }

            var incoming = incomingFrom(current);
            if (preconditionFromPatch && KubeObject.ResourceVersion(incoming) is { Length: > 0 } rv && rv != KubeObject.ResourceVersion(current))
            {
                throw StatusBodies.Conflict(definition, name);
            }

            var updated = _policy.PrepareUpdate(definition, version, current, incoming, status, isApply, options);
            if (!isApply && options.UpdateManager.Length > 0)
            {
                FieldOwnership.RecordUpdate(current, updated, options.UpdateManager, definition.ApiVersion(version.Name), timeProvider.GetUtcNow(), status ? "status" : null);
            }

            if (options.DryRun)
            {
                preview = updated;
                return StoreWriteIntent.Unchanged;
            }

            return new StoreWriteIntent(updated);
        });
        return preview ?? result.Object!;
    }

    private async Task DeleteAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, string? ns, string name, CancellationToken ct)
    {
        var options = Options(context);
        var body = await HttpResponses.ReadBodyAsync(context, ct);
        var deleteOptions = string.IsNullOrWhiteSpace(body) ? null : ParseJson(body) as JsonObject;
        var (obj, removed) = DeleteOne(definition, ns, name, deleteOptions, options.DryRun);
        if (removed)
        {
            await HttpResponses.WriteJsonAsync(context, 200, StatusBodies.DeleteSuccess(definition, obj), ct);
            return;
        }

        Present(definition, version, obj);
        await HttpResponses.WriteJsonAsync(context, 200, obj, ct);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, string? ns, CancellationToken ct)
    {
        var options = Options(context);
        var labels = LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(context.Request.Query["fieldSelector"], definition);
        var items = new JsonArray();
        foreach (var obj in store.List(definition.Group, definition.Plural, ns).Where(o => labels.Matches(o) && fields.Matches(o)))
        {
            var (last, _) = DeleteOne(definition, KubeObject.Namespace(obj), KubeObject.Name(obj), null, options.DryRun);
            Present(definition, version, last);
            items.Add((JsonNode)last);
        }

        var list = new JsonObject
        {
            ["apiVersion"] = definition.ApiVersion(version.Name),
            ["kind"] = definition.ListKind,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        };
        await HttpResponses.WriteJsonAsync(context, 200, list, ct);
    }

    /// <summary>DELETE semantics: preconditions; with finalizers mark terminating (once), otherwise remove.</summary>
    private (JsonObject Object, bool Removed) DeleteOne(ResourceDefinition definition, string? ns, string name, JsonObject? deleteOptions, bool dryRun)
    {
        JsonObject? preview = null;
        var result = store.Write(definition, ns, name, current =>
        {
            if (current is null)
            {
                throw StatusBodies.NotFound(definition, name);
            }

            if (deleteOptions?["preconditions"] is JsonObject preconditions)
            {
                if (preconditions["uid"] is JsonValue uid && uid.TryGetValue(out string? expectedUid) && expectedUid != KubeObject.Uid(current))
                {
                    throw StatusBodies.Conflict(definition, name,
                        $"Precondition failed: UID in precondition: {expectedUid}, UID in object meta: {KubeObject.Uid(current)}");
                }

                if (preconditions["resourceVersion"] is JsonValue rv && rv.TryGetValue(out string? expectedRv) && expectedRv != KubeObject.ResourceVersion(current))
                {
                    throw StatusBodies.Conflict(definition, name,
                        $"the ResourceVersion in the precondition ({expectedRv}) does not match the ResourceVersion in record ({KubeObject.ResourceVersion(current)}). The object might have been modified");
                }
            }

            if (KubeObject.Finalizers(current).Count == 0)
            {
                if (dryRun)
                {
                    preview = current;
                    return StoreWriteIntent.Unchanged;
                }

                return new StoreWriteIntent(null, Delete: true);
            }

            if (KubeObject.IsDeleting(current) || dryRun)
            {
                preview = current;
                return StoreWriteIntent.Unchanged;
            }

            var metadata = KubeObject.Metadata(current);
            metadata["deletionTimestamp"] = KubeObject.FormatTimestamp(timeProvider.GetUtcNow());
            metadata["deletionGracePeriodSeconds"] = 0;
            metadata["generation"] = KubeObject.Generation(current) + 1;
            return new StoreWriteIntent(current);
        });
        return preview is not null ? (preview, dryRun && KubeObject.Finalizers(preview).Count == 0) : (result.Object!, result.Removed);
    }

    private static async Task RespondAsync(HttpContext context, int code, ResourceDefinition definition, ResourceVersionInfo version, JsonObject obj, WriteOptions options, CancellationToken ct)
    {
        foreach (var warning in options.Warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - {GoFormat.Quote(warning)}");
        }

        Present(definition, version, obj);
        await HttpResponses.WriteJsonAsync(context, code, obj, ct);
    }

    /// <summary>Objects are served in the version the client asked for (no conversion: versions share one shape).</summary>
    private static void Present(ResourceDefinition definition, ResourceVersionInfo version, JsonObject obj)
    {
        obj["apiVersion"] = definition.ApiVersion(version.Name);
        obj["kind"] = definition.Kind;
    }

    private static string SortKey(JsonObject obj) => $"{KubeObject.Namespace(obj)}/{KubeObject.Name(obj)}";

    /// <summary>
    /// Reads a POST or PUT body: JSON, or the protobuf that kubectl's typed clients send for a few built-in kinds.
    /// Anything else gets 415 (client-go does not fall back to JSON, so unsupported protobuf kinds fail visibly).
    /// </summary>
    private static async Task<JsonObject> ReadObjectAsync(HttpContext context, ResourceDefinition definition, ResourceVersionInfo version, CancellationToken ct)
    {
        var mediaType = HttpResponses.MediaType(context.Request.ContentType);
        if (mediaType == "application/vnd.kubernetes.protobuf")
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, ct);
            try
            {
                if (ProtobufObjectDecoder.TryDecode(buffer.ToArray()) is { } decoded && decoded["kind"]?.GetValue<string>() is "Namespace" or "Secret" or "ConfigMap" or "ServiceAccount")
                {
                    return decoded;
                }
            }
            catch (FormatException)
            {
                // Fall through to the 415 below: the body is not protobuf the emulator understands.
            }
        }
        else if (mediaType.Length == 0 || mediaType == "application/json")
        {
            return ParseObject(await HttpResponses.ReadBodyAsync(context, ct), definition, version);
        }

        throw new KubeApiException(StatusBodies.Failure(415, "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml"));
    }

    private static WriteOptions Options(HttpContext context)
    {
        var query = context.Request.Query;
        var validation = query["fieldValidation"].ToString();
        if (validation.Length == 0)
        {
            validation = "Warn";
        }
        else if (validation is not ("Strict" or "Warn" or "Ignore"))
        {
            throw StatusBodies.BadRequest($"fieldValidation: Unsupported value: {GoFormat.Quote(validation)}: supported values: \"Ignore\", \"Strict\", \"Warn\"");
        }

        var dryRun = query["dryRun"].ToString();
        if (dryRun.Length > 0 && dryRun != "All")
        {
            throw StatusBodies.BadRequest($"dryRun: Unsupported value: {GoFormat.Quote(dryRun)}: supported values: \"All\"");
        }

        var fieldManager = query["fieldManager"].ToString() is { Length: > 0 } manager ? manager : null;
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var updateManager = fieldManager ?? new string(userAgent.Split('/')[0].Where(c => !char.IsControl(c)).Take(128).ToArray());
        return new WriteOptions(validation, dryRun == "All", fieldManager, query["force"] == "true", updateManager);
    }

    private static JsonObject ParseObject(string body, ResourceDefinition definition, ResourceVersionInfo version) =>
        ParseJson(body) as JsonObject
        ?? throw StatusBodies.BadRequest($"{definition.Kind} in version {GoFormat.Quote(version.Name)} cannot be handled as a {definition.Kind}: the body is not a JSON object");

    private static JsonNode? ParseJson(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            throw StatusBodies.BadRequest($"the server rejected our request due to an error in our request: {ex.Message}");
        }
    }
}
