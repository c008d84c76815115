using System.Globalization;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>Builds field paths as apimachinery prints them: <c>spec.items[0].name</c>, <c>&lt;nil&gt;</c> for the root.</summary>
internal static class FieldPaths
{
    public static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Index(string path, int index) =>
        path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>A map entry as field.Path.Key prints it (used by CEL errors; schema errors use <see cref="Child"/>).</summary>
    public static string Key(string path, string key) => path + "[" + key + "]";

    public static string Display(string path) => path.Length == 0 ? FieldError.RootField : path;

    /// <summary>At the root (and in embedded resources) these fields belong to the API machinery, not the schema.</summary>
    public static bool IsObjectMachineryField(string name) => name is "apiVersion" or "kind" or "metadata";
}
