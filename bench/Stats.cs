namespace AtlasRestoreOperator.Bench;

/// <summary>Order statistics over a sample (nearest-rank).</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    public static string Ms(double milliseconds) => $"{milliseconds:0.0} ms";

    public static string Mb(double megabytes) => $"{megabytes:0.0} MB";
}
