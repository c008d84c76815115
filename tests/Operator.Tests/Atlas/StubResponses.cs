using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Operator.Tests.Atlas;

/// <summary>Response writers for the stub server, shaped like Atlas answers.</summary>
public static class StubResponses
{
    public const string Flex = "application/vnd.atlas.2024-11-13+json";
    public const string Tenant = "application/vnd.atlas.2023-01-01+json";
    public const string Cluster = "application/vnd.atlas.2024-08-05+json";

    public static async Task Json(HttpContext context, int status, string json, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }
        await context.Response.WriteAsync(json);
    }

    public static Task ApiError(HttpContext context, int status, string errorCode, string detail, string reason, IReadOnlyList<object>? parameters = null, params (string Name, string Value)[] headers)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["detail"] = detail,
            ["error"] = status,
            ["errorCode"] = errorCode,
            ["parameters"] = parameters ?? [],
            ["reason"] = reason,
        });
        return Json(context, status, body, "application/json", [("X-Error-Code", errorCode), .. headers]);
    }
}
