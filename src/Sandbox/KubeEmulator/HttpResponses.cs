using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>Writes JSON bodies and reads request bodies.</summary>
internal static class HttpResponses
{
    public static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonNode body, CancellationToken cancellationToken, string contentType = "application/json")
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        var bytes = Serialize(body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Compact JSON without HTML-safe escaping (the Go server writes '"', '+' and '<' as they are).</summary>
    public static byte[] Serialize(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            node.WriteTo(writer);
        }

        return buffer.ToArray();
    }

    public static async Task<string> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>The media type without parameters, lower-case: "application/json; charset=utf-8" is "application/json".</summary>
    public static string MediaType(string? contentType) =>
        (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    public static bool WantsTable(HttpContext context) =>
        context.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);
}
