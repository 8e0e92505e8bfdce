using System.Globalization;

namespace IgdLab.Benchmarks;

/// <summary>How figures are printed: invariant culture, fixed decimals, so columns line up.</summary>
internal static class Units
{
    public const double MiB = 1024 * 1024;

    /// <summary>Milliseconds with <paramref name="decimals"/> decimals.</summary>
    public static string Ms(TimeSpan duration, int decimals = 3) =>
        duration.TotalMilliseconds.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A whole number with thousands separators.</summary>
    public static string Whole(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number with one decimal.</summary>
    public static string OneDecimal(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    /// <summary>Bytes as KiB with one decimal.</summary>
    public static string KiB(double bytes) => OneDecimal(bytes / 1024);
}
