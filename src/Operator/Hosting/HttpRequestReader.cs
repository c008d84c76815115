using System.Buffers;
using System.Text;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>
/// Reads the head (request line and header fields) of one HTTP/1.x request, the only part the health server uses:
/// its endpoints take no body. Deliberately strict (RFC 9112): anything ambiguous is refused rather than guessed at.
/// </summary>
internal static class HttpRequestReader
{
    /// <summary>Largest head accepted; probes and scrapers send a few hundred bytes.</summary>
    public const int MaxHeadBytes = 8 * 1024;

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// Reads until the blank line that ends the head. Returns null when the client closes the connection before
    /// completing a head (nobody is left to answer); throws <see cref="HttpRequestRejectedException"/> for a head
    /// that is too large or malformed. Bytes after the head are left unread.
    /// </summary>
    public static async Task<HttpRequestHead?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxHeadBytes);
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == MaxHeadBytes)
                {
                    throw new HttpRequestRejectedException(431, "request header fields too large");
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled, MaxHeadBytes - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return null;
                }

                // Rescan the last three bytes already seen: the terminator may straddle two reads.
                var scanFrom = Math.Max(0, filled - 3);
                filled += read;
                var end = buffer.AsSpan(scanFrom, filled - scanFrom).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    return Parse(buffer.AsSpan(0, scanFrom + end));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a head without its final CRLFCRLF.</summary>
    internal static HttpRequestHead Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var requestLine = lineEnd < 0 ? head : head[..lineEnd];
        var (method, path) = ParseRequestLine(requestLine);

        var fields = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!fields.IsEmpty)
        {
            var next = fields.IndexOf("\r\n"u8);
            ValidateField(next < 0 ? fields : fields[..next]);
            fields = next < 0 ? [] : fields[(next + 2)..];
        }

        return new HttpRequestHead(method, path);
    }

    private static (string Method, string Path) ParseRequestLine(ReadOnlySpan<byte> line)
    {
        // method SP request-target SP HTTP-version, single spaces only.
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace == firstSpace)
        {
            throw new HttpRequestRejectedException(400, "malformed request line");
        }

        var method = line[..firstSpace];
        var target = line[(firstSpace + 1)..lastSpace];
        var version = line[(lastSpace + 1)..];
        if (method.ContainsAnyExcept(TokenChars))
        {
            throw new HttpRequestRejectedException(400, "malformed method");
        }

        if (!version.SequenceEqual("HTTP/1.1"u8) && !version.SequenceEqual("HTTP/1.0"u8))
        {
            var looksLikeHttp = version.Length == 8 && version.StartsWith("HTTP/"u8)
                && char.IsAsciiDigit((char)version[5]) && version[6] == (byte)'.' && char.IsAsciiDigit((char)version[7]);
            throw new HttpRequestRejectedException(looksLikeHttp ? 505 : 400, looksLikeHttp ? "HTTP version not supported" : "malformed HTTP version");
        }

        return (Encoding.ASCII.GetString(method), TargetPath(target));
    }

    private static string TargetPath(ReadOnlySpan<byte> target)
    {
        // Visible ASCII only: no spaces, controls or raw non-ASCII bytes inside a request target.
        if (target.IsEmpty || target.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E))
        {
            throw new HttpRequestRejectedException(400, "malformed request target");
        }

        var text = Encoding.ASCII.GetString(target);
        if (text[0] == '/')
        {
            var query = text.IndexOfAny(['?', '#']);
            return query < 0 ? text : text[..query];
        }

        // Absolute form (what a proxy forwards) must be accepted by servers too; "*" (OPTIONS) routes nowhere.
        if (text == "*")
        {
            return text;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri.AbsolutePath;
        }

        throw new HttpRequestRejectedException(400, "malformed request target");
    }

    private static void ValidateField(ReadOnlySpan<byte> field)
    {
        // name ":" OWS value OWS. A line starting with whitespace is obsolete folding and whitespace before the
        // colon is forbidden: both have been used to smuggle requests past intermediaries, so both are refused.
        var colon = field.IndexOf((byte)':');
        if (colon <= 0 || field[..colon].ContainsAnyExcept(TokenChars))
        {
            throw new HttpRequestRejectedException(400, "malformed header field");
        }

        var value = field[(colon + 1)..];
        if (value.Contains((byte)0) || value.Contains((byte)'\r') || value.Contains((byte)'\n'))
        {
            throw new HttpRequestRejectedException(400, "malformed header value");
        }
    }
}
