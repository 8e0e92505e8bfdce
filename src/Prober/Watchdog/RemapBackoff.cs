namespace IgdLab.Prober.Watchdog;

/// <summary>The pause before the next remap instruction after <c>n</c> failed remaps in a row: min · 2^(n−1), at most max.</summary>
internal sealed class RemapBackoff(TimeSpan min, TimeSpan max)
{
    /// <summary>The pause after <paramref name="consecutiveFailures"/> failures (zero for none).</summary>
    public TimeSpan After(int consecutiveFailures)
    {
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        // Doubling past 2^30 overflows long before any sane max; cap the exponent first.
        var factor = Math.Pow(2, Math.Min(consecutiveFailures - 1, 30));
        var ticks = min.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
