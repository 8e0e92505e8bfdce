namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// When a fault fires: once <see cref="At"/> a time, or <see cref="Every"/> interval from <see cref="From"/> until
/// <see cref="Until"/> at most <see cref="Count"/> times. Each firing is delayed by a random 0..<see cref="Jitter"/>
/// and happens with <see cref="Probability"/>, both drawn from the scenario's seed.
/// </summary>
public sealed record FaultSchedule
{
    /// <summary>The one time the fault fires (scenario time since start); null for a repeating fault.</summary>
    public TimeSpan? At { get; init; }

    /// <summary>The interval of a repeating fault; null for a one-off.</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>The first firing of a repeating fault; null means one interval after the start.</summary>
    public TimeSpan? From { get; init; }

    /// <summary>No firing at or after this time; null means the end of the scenario.</summary>
    public TimeSpan? Until { get; init; }

    /// <summary>The most firings of a repeating fault; null for no limit.</summary>
    public int? Count { get; init; }

    /// <summary>The largest random delay added to each firing.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan Jitter { get; init; }

    /// <summary>The chance that each firing happens, from 0 to 1.</summary>
    /// <value>The default is 1.</value>
    public double Probability { get; init; } = 1;

    /// <summary>The time of the first firing before jitter.</summary>
    public TimeSpan FirstFiring => At ?? From ?? Every ?? TimeSpan.Zero;

    /// <summary>When it fires, before jitter, in a scenario of <paramref name="duration"/>: a one-off once; a repeating fault from its first firing while before <see cref="Until"/> (or the end), at most <see cref="Count"/> times.</summary>
    public IEnumerable<TimeSpan> Firings(TimeSpan duration)
    {
        var count = FiringCount(duration);
        for (var n = 0L; n < count; n++)
        {
            yield return FirstFiring + (n * (Every ?? TimeSpan.Zero));
        }
    }

    /// <summary>How many times it fires in a scenario of <paramref name="duration"/> (what <see cref="Firings"/> yields), without listing them.</summary>
    public long FiringCount(TimeSpan duration)
    {
        if (Every is not { } every || every <= TimeSpan.Zero)
        {
            return 1;
        }

        var until = Until ?? duration;
        var firings = until > FirstFiring ? ((until - FirstFiring).Ticks + every.Ticks - 1) / every.Ticks : 0;
        return Count is { } count ? Math.Min(count, firings) : firings;
    }
}
