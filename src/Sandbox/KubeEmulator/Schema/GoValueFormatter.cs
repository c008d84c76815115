using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>
/// Prints values as apimachinery's field errors do: strings with Go's %q, integers and booleans plain, floats with
/// Go's %v, and objects or arrays as JSON.
/// </summary>
internal static class GoValueFormatter
{
    public static string Format(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return Quote("null");
            case JsonObject or JsonArray:
                return value.ToJsonString();
        }

        if (JsonValues.IsString(value))
        {
            return Quote(JsonValues.GetString(value));
        }

        if (JsonValues.IsBoolean(value))
        {
            return JsonValues.GetBoolean(value) ? "true" : "false";
        }

        if (JsonValues.IsNumber(value))
        {
            return JsonValues.TryGetInteger(value, out var l)
                ? l.ToString(CultureInfo.InvariantCulture)
                : FormatFloat(JsonValues.GetDouble(value));
        }

        return value.ToJsonString();
    }

    /// <summary>Go's strconv.Quote: double quotes, backslash escapes for quotes, backslashes and non-printables.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (IsPrintable(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x80)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (rune.Value <= 0xFFFF)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse => false,
        UnicodeCategory.SpaceSeparator => rune.Value == ' ',
        _ => true,
    };

    /// <summary>Go's %v for a float64 (1.5, 1e+06, 1e-05).</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }

        // Shortest round-trip digits; Go's %g with shortest precision switches to an exponent outside [1e-4, 1e6).
        var (digits, pointPosition) = Decompose(Math.Abs(d).ToString("R", CultureInfo.InvariantCulture));
        var exponent = pointPosition - 1;
        var sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            var expSign = exponent < 0 ? "-" : "+";
            var expDigits = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{mantissa}e{expSign}{expDigits}";
        }

        string body;
        if (pointPosition <= 0)
        {
            body = "0." + new string('0', -pointPosition) + digits;
        }
        else if (pointPosition >= digits.Length)
        {
            body = digits + new string('0', pointPosition - digits.Length);
        }
        else
        {
            body = digits[..pointPosition] + "." + digits[pointPosition..];
        }

        return sign + body;
    }

    private static (string Digits, int PointPosition) Decompose(string shortest)
    {
        var exponent = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = shortest;
        if (e >= 0)
        {
            exponent = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..e];
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        var point = intPart.Length - leadingZeros + exponent;
        digits = digits.TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, point);
    }
}
