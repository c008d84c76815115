namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>Versioned media types: <c>application/vnd.atlas.YYYY-MM-DD+json</c>.</summary>
internal static class MediaTypes
{
    public static string Versioned(string version) => $"application/vnd.atlas.{version}+json";

    /// <summary>The first of <paramref name="versions"/> (in preference order) named by the Accept header, or null.</summary>
    public static string? Negotiate(string? accept, IReadOnlyList<string> versions)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return null;
        }

        HashSet<string> offered = new(
            accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Bare),
            StringComparer.OrdinalIgnoreCase);
        return versions.FirstOrDefault(version => offered.Contains(Versioned(version)));
    }

    /// <summary>A media type without its parameters (<c>;charset=...</c>).</summary>
    public static string Bare(string mediaType) => mediaType.Split(';', 2)[0].Trim();
}
