using System.Text.Json;
using System.Text.Json.Nodes;
using KeraLua;

namespace AtlasRestoreOperator.Config.Tests.Support;

/// <summary>
/// Runs an Argo CD health script in a real Lua interpreter the way Argo CD does: the resource, as its JSON tree,
/// is the global <c>obj</c>; the chunk returns a table with <c>status</c> and <c>message</c>.
/// </summary>
internal sealed class LuaHealthCheck(string script)
{
    public static LuaHealthCheck FromFile(string relativePath) => new(File.ReadAllText(RepositoryPaths.Of(relativePath)));

    public HealthAssessment Assess(JsonObject resource)
    {
        using var lua = new Lua();
        Push(lua, resource);
        lua.SetGlobal("obj");

        if (lua.LoadString(script, "health.lua") != LuaStatus.OK)
        {
            throw new InvalidOperationException($"health.lua does not compile: {lua.ToString(-1)}");
        }

        if (lua.PCall(0, 1, 0) != LuaStatus.OK)
        {
            throw new InvalidOperationException($"health.lua raised an error: {lua.ToString(-1)}");
        }

        if (lua.Type(-1) != LuaType.Table)
        {
            throw new InvalidOperationException($"health.lua returned a {lua.TypeName(-1)}, not the hs table");
        }

        return new HealthAssessment(ReadStringField(lua, "status"), ReadStringField(lua, "message"));
    }

    private static string ReadStringField(Lua lua, string field)
    {
        var type = lua.GetField(-1, field);
        try
        {
            if (type != LuaType.String)
            {
                throw new InvalidOperationException($"hs.{field} is a {type}, not a string");
            }

            return lua.ToString(-1);
        }
        finally
        {
            lua.Pop(1);
        }
    }

    /// <summary>Pushes a JSON value as Argo CD converts it: objects and arrays become tables (arrays 1-based), null is nil.</summary>
    private static void Push(Lua lua, JsonNode? node)
    {
        switch (node)
        {
            case null:
                lua.PushNil();
                break;
            case JsonObject obj:
                lua.CreateTable(0, obj.Count);
                foreach (var (key, value) in obj)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    Push(lua, value);
                    lua.SetField(-2, key);
                }

                break;
            case JsonArray array:
                lua.CreateTable(array.Count, 0);
                for (var i = 0; i < array.Count; i++)
                {
                    Push(lua, array[i]);
                    lua.RawSetInteger(-2, i + 1);
                }

                break;
            case JsonValue value:
                PushScalar(lua, value);
                break;
            default:
                throw new NotSupportedException($"JSON node {node.GetType().Name} is not supported");
        }
    }

    private static void PushScalar(Lua lua, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                lua.PushString(value.GetValue<string>());
                break;
            case JsonValueKind.True:
                lua.PushBoolean(true);
                break;
            case JsonValueKind.False:
                lua.PushBoolean(false);
                break;
            case JsonValueKind.Number when value.TryGetValue<long>(out var integer):
                lua.PushInteger(integer);
                break;
            case JsonValueKind.Number:
                lua.PushNumber(value.GetValue<double>());
                break;
            default:
                throw new NotSupportedException($"JSON value kind {value.GetValueKind()} is not supported");
        }
    }
}
