using System.Globalization;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The age format of the API server's tables (k8s.io/apimachinery util/duration.HumanDuration).</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan age)
    {
        var seconds = (long)Math.Floor(age.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        var days = hours / 24;
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{days}d" : $"{days}d{h}h";
        }

        if (days < 365 * 2)
        {
            return $"{days}d";
        }

        var years = days / 365;
        return years < 8 ? string.Create(CultureInfo.InvariantCulture, $"{years}y{days % 365}d") : $"{years}y";
    }
}
