using System.Globalization;
using System.Text;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// A complete response, body buffered: every page the health server answers is small, and knowing the length up
/// front lets it send Content-Length (for HEAD too) and close the connection right after.
/// </summary>
internal sealed record HttpResponse(int Status, string? ContentType, byte[] Body)
{
    private const string TextContentType = "text/plain; charset=utf-8";

    /// <summary>Sent as <c>Cache-Control: no-store</c>: a cached health answer would be a wrong one.</summary>
    public bool NoStore { get; init; }

    /// <summary>The <c>Allow</c> header, which a 405 must carry.</summary>
    public string? Allow { get; init; }

    public static HttpResponse Text(int status, string body) => new(status, TextContentType, Encoding.UTF8.GetBytes(body));

    /// <summary>Status line, headers and (unless <paramref name="includeBody"/> is false, as for HEAD) the body, in one buffer.</summary>
    public byte[] Serialize(bool includeBody, DateTimeOffset now)
    {
        var head = new StringBuilder(256)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {ReasonPhrase(Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {now.UtcDateTime:r}\r\n");
        if (ContentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {Body.Length}\r\n");
        if (NoStore)
        {
            head.Append("Cache-Control: no-store\r\n");
        }

        if (Allow is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Allow: {Allow}\r\n");
        }

        // One request per connection keeps the server free of keep-alive state; probes and scrapers reconnect anyway.
        head.Append("Connection: close\r\n\r\n");

        var headText = head.ToString();
        var headLength = Encoding.ASCII.GetByteCount(headText);
        var bytes = new byte[headLength + (includeBody ? Body.Length : 0)];
        Encoding.ASCII.GetBytes(headText, bytes);
        if (includeBody)
        {
            Body.CopyTo(bytes, headLength);
        }

        return bytes;
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    };
}
