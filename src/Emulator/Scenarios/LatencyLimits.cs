namespace IgdLab.Emulator.Scenarios;

/// <summary>Upper limits on a latency distribution; a null percentile is not checked.</summary>
public sealed record LatencyLimits
{
    /// <summary>The median's limit.</summary>
    public TimeSpan? P50 { get; init; }

    /// <summary>The 95th percentile's limit.</summary>
    public TimeSpan? P95 { get; init; }

    /// <summary>The 99th percentile's limit.</summary>
    public TimeSpan? P99 { get; init; }

    /// <summary>The largest value's limit.</summary>
    public TimeSpan? Max { get; init; }

    /// <summary>The limits in order from p50 to max, with their names.</summary>
    public IEnumerable<(string Name, TimeSpan? Limit)> InOrder()
    {
        yield return ("p50", P50);
        yield return ("p95", P95);
        yield return ("p99", P99);
        yield return ("max", Max);
    }
}
