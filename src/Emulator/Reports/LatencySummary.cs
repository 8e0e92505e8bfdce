using System.Text.Json;
using System.Text.Json.Serialization;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// Percentiles of a set of latencies (scenario time), by the nearest-rank method, where a latency that never ended
/// (an outage never restored, a breakage never detected) counts as "never": it is in <see cref="Count"/> and ranks
/// above every measured value, so a percentile that falls among those is null, shown and written as <c>never</c>.
/// Seconds (or <c>"never"</c>) in JSON.
/// </summary>
/// <param name="Count">How many latencies there were, the unended ones included (n).</param>
/// <param name="Never">How many of them never ended.</param>
/// <param name="P50">The median; null = never.</param>
/// <param name="P95">The 95th percentile; null = never (more than 5 % never ended).</param>
/// <param name="P99">The 99th percentile; null = never.</param>
/// <param name="Max">The largest; null = never (at least one never ended).</param>
public sealed record LatencySummary(
    int Count,
    int Never,
    [property: JsonConverter(typeof(NeverLatencyJsonConverter))] TimeSpan? P50,
    [property: JsonConverter(typeof(NeverLatencyJsonConverter))] TimeSpan? P95,
    [property: JsonConverter(typeof(NeverLatencyJsonConverter))] TimeSpan? P99,
    [property: JsonConverter(typeof(NeverLatencyJsonConverter))] TimeSpan? Max)
{
    /// <summary>How many latencies ended (were measured).</summary>
    [JsonIgnore]
    public int Ended => Count - Never;

    /// <summary>Summarises measured <paramref name="latencies"/> (any order), none of which is unended; null when there are none.</summary>
    public static LatencySummary? Of(IEnumerable<TimeSpan> latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        return Of(latencies.Select(l => (TimeSpan?)l));
    }

    /// <summary>
    /// Summarises <paramref name="latencies"/> (any order), where null is a latency that never ended; null when there
    /// are none at all.
    /// </summary>
    public static LatencySummary? Of(IEnumerable<TimeSpan?> latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        var all = latencies.ToArray();
        if (all.Length == 0)
        {
            return null;
        }

        // Never sorts after every measured value: the nearest rank of a percentile may land on it.
        var sorted = all.Where(l => l is not null).Select(l => l!.Value).Order().ToArray();
        var never = all.Length - sorted.Length;
        return new LatencySummary(all.Length, never, Rank(50), Rank(95), Rank(99), Rank(100));

        TimeSpan? Rank(double percentile)
        {
            var rank = RankOf(percentile, all.Length);
            return rank <= sorted.Length ? sorted[rank - 1] : null;
        }
    }

    /// <summary>
    /// The nearest-rank percentile of ascending <paramref name="sorted"/> values: the smallest value with at least
    /// <paramref name="percentile"/> % of the values at or below it — always a measured value, never interpolated.
    /// </summary>
    public static TimeSpan NearestRank(IReadOnlyList<TimeSpan> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        return sorted[RankOf(percentile, sorted.Count) - 1];
    }

    // The 1-based nearest rank of a percentile among count values.
    private static int RankOf(double percentile, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        return Math.Max((int)Math.Ceiling(percentile / 100 * count), 1);
    }
}
