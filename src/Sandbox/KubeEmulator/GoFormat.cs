using System.Globalization;
using System.Text;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>Formats values the way the Go API server prints them in error messages.</summary>
internal static class GoFormat
{
    /// <summary>Go's %q for a string: double quotes, backslash escapes, non-ASCII kept.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Go's %#v of a []string, as in "found new finalizers []string{\"a\"}".</summary>
    public static string StringSlice(IEnumerable<string> values) => "[]string{" + string.Join(", ", values.Select(Quote)) + "}";
}
