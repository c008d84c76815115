using System.Globalization;
using System.Text.Json;

namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// An Atlas <c>ApiError</c> (or an OAuth error) read leniently: any field may be missing or of an unexpected
/// type, and a body that is not JSON at all yields an empty error rather than a second failure.
/// </summary>
internal sealed record AtlasErrorBody(string? ErrorCode, string? Detail, string? Reason, IReadOnlyList<string> Parameters)
{
    public static readonly AtlasErrorBody Empty = new(null, null, null, []);

    public static AtlasErrorBody Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Empty;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }
            var errorCode = StringOf(root, "errorCode");
            // OAuth errors (RFC 6749) put the code in "error" as a string and the text in "error_description".
            if (errorCode is null && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                errorCode = error.GetString();
            }
            var parameters = new List<string>();
            if (root.TryGetProperty("parameters", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    parameters.Add(item.ValueKind == JsonValueKind.String ? item.GetString() ?? "" : item.GetRawText());
                }
            }
            return new AtlasErrorBody(errorCode, StringOf(root, "detail") ?? StringOf(root, "error_description"), StringOf(root, "reason"), parameters);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    private static string? StringOf(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>"404 CLUSTER_NOT_FOUND: No cluster named x exists in group y."</summary>
    public string Describe(int statusCode)
    {
        var text = statusCode.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(ErrorCode))
        {
            text += " " + ErrorCode;
        }
        var explanation = Detail ?? Reason;
        if (!string.IsNullOrWhiteSpace(explanation))
        {
            text += ": " + explanation.Trim();
        }
        return text.EndsWith('.') ? text : text + ".";
    }
}
