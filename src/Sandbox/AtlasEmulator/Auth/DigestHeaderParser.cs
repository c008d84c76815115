namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;

/// <summary>Parses the <c>key=value, key="quoted, value"</c> list of a Digest <c>Authorization</c> header.</summary>
internal static class DigestHeaderParser
{
    public static Dictionary<string, string> Parse(string parameters)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        while (i < parameters.Length)
        {
            while (i < parameters.Length && (parameters[i] == ',' || char.IsWhiteSpace(parameters[i])))
            {
                i++;
            }

            int keyStart = i;
            while (i < parameters.Length && parameters[i] != '=' && parameters[i] != ',')
            {
                i++;
            }

            string key = parameters[keyStart..i].Trim();
            if (i >= parameters.Length || parameters[i] != '=')
            {
                continue;
            }

            i++;
            string value;
            if (i < parameters.Length && parameters[i] == '"')
            {
                i++;
                var builder = new System.Text.StringBuilder();
                while (i < parameters.Length && parameters[i] != '"')
                {
                    if (parameters[i] == '\\' && i + 1 < parameters.Length)
                    {
                        i++;
                    }

                    builder.Append(parameters[i]);
                    i++;
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                int valueStart = i;
                while (i < parameters.Length && parameters[i] != ',')
                {
                    i++;
                }

                value = parameters[valueStart..i].Trim();
            }

            if (key.Length > 0)
            {
                result[key] = value;
            }
        }

        return result;
    }
}
