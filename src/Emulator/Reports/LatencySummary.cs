namespace IgdLab.Emulator.Reports;

/// <summary>Percentiles of a set of latencies (scenario time), by the nearest-rank method; seconds in JSON.</summary>
/// <param name="Count">How many latencies were measured.</param>
/// <param name="P50">The median.</param>
/// <param name="P95">The 95th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="Max">The largest.</param>
public sealed record LatencySummary(int Count, TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Max)
{
    /// <summary>Summarises <paramref name="latencies"/> (any order); null when there are none.</summary>
    public static LatencySummary? Of(IEnumerable<TimeSpan> latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        var sorted = latencies.Order().ToArray();
        return sorted.Length == 0
            ? null
            : new LatencySummary(sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 95), NearestRank(sorted, 99), sorted[^1]);
    }

    /// <summary>
    /// The nearest-rank percentile of ascending <paramref name="sorted"/> values: the smallest value with at least
    /// <paramref name="percentile"/> % of the values at or below it — always a measured value, never interpolated.
    /// </summary>
    public static TimeSpan NearestRank(IReadOnlyList<TimeSpan> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Max(rank, 1) - 1];
    }
}
