using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

/// <summary>Writes bodies as Atlas does: '+' and '&amp;' stay literal (no \u002B), optionally indented (<c>pretty=true</c>).</summary>
internal static class JsonWriting
{
    public static JsonWriterOptions Compact { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonWriterOptions Indented { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, indented ? Indented : Compact))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return stream.ToArray();
    }
}
