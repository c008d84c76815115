using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The metav1.Status bodies of the real API server's errors (k8s.io/apimachinery api/errors).</summary>
internal static class StatusBodies
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static KubeApiException NotFound(ResourceDefinition definition, string name) =>
        NotFound(definition.Group, definition.Plural, name);

    public static KubeApiException NotFound(string group, string plural, string name) =>
        new(Failure(404, "NotFound", $"{Qualified(group, plural)} {GoFormat.Quote(name)} not found", Details(name, group, plural)));

    public static KubeApiException UnknownPath() =>
        new(Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject()));

    public static KubeApiException AlreadyExists(ResourceDefinition definition, string name) =>
        new(Failure(409, "AlreadyExists", $"{definition.QualifiedResource} {GoFormat.Quote(name)} already exists", Details(name, definition.Group, definition.Plural)));

    public static KubeApiException Conflict(ResourceDefinition definition, string name, string detail = OptimisticLock) =>
        new(Failure(409, "Conflict", $"Operation cannot be fulfilled on {definition.QualifiedResource} {GoFormat.Quote(name)}: {detail}", Details(name, definition.Group, definition.Plural)));

    /// <summary>
    /// 409 for a server-side apply that would change fields other managers own, worded as the real server's field manager:
    /// one conflict inline, several grouped per manager; one cause (reason FieldManagerConflict) per field.
    /// </summary>
    public static KubeApiException ApplyConflict(IReadOnlyList<(string Manager, string Field)> conflicts)
    {
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager}: {conflicts[0].Field}";
        }
        else
        {
            var lines = conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => new[] { $"conflicts with {g.Key}:" }.Concat(g.Select(c => $"- {c.Field}").Order(StringComparer.Ordinal)));
            message = $"Apply failed with {conflicts.Count} conflicts: {string.Join('\n', lines)}";
        }

        var causes = new JsonArray([.. conflicts.Select(c => (JsonNode?)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with {c.Manager}",
            ["field"] = c.Field,
        })]);
        return new KubeApiException(Failure(409, "Conflict", message, new JsonObject { ["causes"] = causes }));
    }

    public const string OptimisticLock = "the object has been modified; please apply your changes to the latest version and try again";

    /// <summary>422 Invalid; <paramref name="qualifiedKind"/> is the Kind for validation errors, the resource for registry ones.</summary>
    public static KubeApiException Invalid(string qualifiedKind, string detailsKind, string group, string name, IReadOnlyList<ApiFieldError> errors)
    {
        var text = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        var details = Details(name, group, detailsKind);
        details["causes"] = new JsonArray([.. errors.Select(e => (JsonNode?)new JsonObject
        {
            ["reason"] = e.Reason,
            ["message"] = e.Message,
            ["field"] = e.Field,
        })]);
        return new KubeApiException(Failure(422, "Invalid", $"{qualifiedKind} {GoFormat.Quote(name)} is invalid: {text}", details));
    }

    public static KubeApiException Invalid(ResourceDefinition definition, string name, IReadOnlyList<ApiFieldError> errors) =>
        Invalid(definition.QualifiedKind, definition.Kind, definition.Group, name, errors);

    public static KubeApiException BadRequest(string message) => new(Failure(400, "BadRequest", message));

    public static KubeApiException UnsupportedPatch() => new(Failure(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"));

    public static KubeApiException MethodNotAllowed() => new(Failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"));

    public static JsonObject Unauthorized() => Failure(401, "Unauthorized", "Unauthorized");

    public static JsonObject Expired(long requested, long floor) =>
        Failure(410, "Expired", $"too old resource version: {requested} ({floor})");

    public static JsonObject InternalError(string message) =>
        Failure(500, "InternalError", $"Internal error occurred: {message}", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    public static JsonObject DeleteSuccess(ResourceDefinition definition, JsonObject deleted)
    {
        // The real server deliberately puts the resource (not the Kind) in details.kind here.
        var details = Details(KubeObject.Name(deleted), definition.Group, definition.Plural);
        details["uid"] = KubeObject.Uid(deleted);
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }

    private static JsonObject Details(string name, string group, string kind)
    {
        var details = new JsonObject { ["name"] = name };
        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        return details;
    }

    private static string Qualified(string group, string plural) => group.Length == 0 ? plural : $"{plural}.{group}";
}
