using System.Text.Json;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>Builds <c>ApiError</c> answers: <c>application/json</c>, <c>X-Error-Code</c>, fields in Atlas's order.</summary>
internal static class ApiErrors
{
    public static EmulatorResponse Create(int status, string errorCode, string detail, params object[] parameters) =>
        Build(status, errorCode, detail, parameters, null);

    /// <summary>400 VALIDATION_ERROR naming the offending field and what is allowed.</summary>
    public static EmulatorResponse Validation(string field, string description) =>
        Build(400, "VALIDATION_ERROR", $"Invalid {field}: {description}", [field], (field, description));

    public static EmulatorResponse GroupNotFound(string groupId) =>
        Create(404, "GROUP_NOT_FOUND", $"No group with ID {groupId} exists.", groupId);

    public static EmulatorResponse ClusterNotFound(string name, string groupId) =>
        Create(404, "CLUSTER_NOT_FOUND", $"No cluster named {name} exists in group {groupId}.", name, groupId);

    public static EmulatorResponse Unauthorized() =>
        Create(401, "UNAUTHORIZED", "You are not authorized for this resource.");

    public static EmulatorResponse ResourceNotFound(string path) =>
        Create(404, "RESOURCE_NOT_FOUND", $"Cannot find resource {path}.", path);

    private static EmulatorResponse Build(int status, string errorCode, string detail, object[] parameters, (string Field, string Description)? violation)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonWriting.Compact))
        {
            writer.WriteStartObject();
            if (violation is { } field)
            {
                writer.WriteStartObject("badRequestDetail");
                writer.WriteStartArray("fields");
                writer.WriteStartObject();
                writer.WriteString("description", field.Description);
                writer.WriteString("field", field.Field);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteString("detail", detail);
            writer.WriteNumber("error", status);
            writer.WriteString("errorCode", errorCode);
            writer.WriteStartArray("parameters");
            foreach (object parameter in parameters)
            {
                switch (parameter)
                {
                    case int number:
                        writer.WriteNumberValue(number);
                        break;
                    case long number:
                        writer.WriteNumberValue(number);
                        break;
                    default:
                        writer.WriteStringValue(Convert.ToString(parameter, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }

            writer.WriteEndArray();
            writer.WriteString("reason", ReasonPhrases.GetReasonPhrase(status));
            writer.WriteEndObject();
        }

        return new EmulatorResponse(status, "application/json", stream.ToArray(), errorCode)
            .WithHeader("X-Error-Code", errorCode);
    }
}
