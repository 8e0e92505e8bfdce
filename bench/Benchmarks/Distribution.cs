using System.Diagnostics;

namespace IgdLab.Benchmarks;

/// <summary>Nearest-rank percentiles of measured durations, kept as <see cref="Stopwatch"/> ticks.</summary>
internal sealed class Distribution
{
    private readonly long[] _sorted;

    private Distribution(long[] sorted)
    {
        _sorted = sorted;
    }

    /// <summary>How many durations there are.</summary>
    public int Count => _sorted.Length;

    /// <summary>The median.</summary>
    public TimeSpan Median => Percentile(50);

    /// <summary>The longest duration.</summary>
    public TimeSpan Max => Percentile(100);

    /// <summary>Sorts a copy of <paramref name="ticks"/>.</summary>
    public static Distribution Of(IEnumerable<long> ticks)
    {
        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        return new Distribution(sorted);
    }

    /// <summary>Sorts <paramref name="durations"/>.</summary>
    public static Distribution Of(IEnumerable<TimeSpan> durations) =>
        Of(durations.Select(duration => (long)(duration.TotalSeconds * Stopwatch.Frequency)));

    /// <summary>The smallest duration that at least <paramref name="percent"/> % of the durations do not exceed.</summary>
    public TimeSpan Percentile(double percent)
    {
        if (_sorted.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (int)Math.Ceiling(percent / 100 * _sorted.Length);
        return Stopwatch.GetElapsedTime(0, _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)]);
    }
}
