namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The traffic seen by one mapping: a monotonically increasing count of forwarded packets and new connections,
/// and when the last one happened, so an idle-rule cleanup can find mappings idle since a moment.
/// </summary>
internal sealed class MappingActivity(TimeProvider time)
{
    private long _count;
    private long _lastUtcTicks;

    /// <summary>How many packets and connections the mapping forwarded so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>When the mapping last forwarded anything; null when it never did.</summary>
    public DateTimeOffset? Last
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastUtcTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Records one forwarded packet or connection now.</summary>
    public void Touch()
    {
        Interlocked.Increment(ref _count);
        var now = time.GetUtcNow().UtcTicks;
        var seen = Interlocked.Read(ref _lastUtcTicks);

        // Keep the latest stamp even when two relays race: never move the clock backwards.
        while (now > seen)
        {
            var previous = Interlocked.CompareExchange(ref _lastUtcTicks, now, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
