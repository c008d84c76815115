using System.Text;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>Splits a rule into tokens; any character outside the supported subset is refused.</summary>
internal static class CelLexer
{
    public static IReadOnlyList<CelToken> Tokenize(string text)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new CelToken(CelTokenKind.Identifier, text[start..i], start));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                var isDouble = false;
                if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
                {
                    isDouble = true;
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '.'))
                {
                    throw new CelSyntaxException($"number literal at position {start} has an unsupported form");
                }

                tokens.Add(new CelToken(isDouble ? CelTokenKind.Double : CelTokenKind.Integer, text[start..i], start));
                continue;
            }

            if (c is '"' or '\'')
            {
                tokens.Add(new CelToken(CelTokenKind.String, ReadString(text, ref i), start));
                continue;
            }

            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            var kind = two switch
            {
                "==" => CelTokenKind.Equal,
                "!=" => CelTokenKind.NotEqual,
                "<=" => CelTokenKind.LessOrEqual,
                ">=" => CelTokenKind.GreaterOrEqual,
                "&&" => CelTokenKind.And,
                "||" => CelTokenKind.Or,
                _ => (CelTokenKind?)null,
            };
            if (kind is { } twoCharKind)
            {
                tokens.Add(new CelToken(twoCharKind, two, start));
                i += 2;
                continue;
            }

            var one = c switch
            {
                '(' => CelTokenKind.LeftParen,
                ')' => CelTokenKind.RightParen,
                '.' => CelTokenKind.Dot,
                ',' => CelTokenKind.Comma,
                '<' => CelTokenKind.Less,
                '>' => CelTokenKind.Greater,
                '!' => CelTokenKind.Not,
                '-' => CelTokenKind.Minus,
                _ => throw new CelSyntaxException($"'{c}' at position {start} is not supported"),
            };
            tokens.Add(new CelToken(one, c.ToString(), start));
            i++;
        }

        tokens.Add(new CelToken(CelTokenKind.End, "", text.Length));
        return tokens;
    }

    private static string ReadString(string text, ref int i)
    {
        var quote = text[i];
        if (i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote)
        {
            throw new CelSyntaxException("triple-quoted strings are not supported");
        }

        var start = i;
        i++;
        var sb = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            var c = text[i++];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (i >= text.Length)
            {
                break;
            }

            var escaped = text[i++];
            sb.Append(escaped switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '\\' => '\\',
                '"' => '"',
                '\'' => '\'',
                _ => throw new CelSyntaxException($"string escape '\\{escaped}' is not supported"),
            });
        }

        if (i >= text.Length)
        {
            throw new CelSyntaxException($"the string starting at position {start} is not terminated");
        }

        i++;
        return sb.ToString();
    }
}
