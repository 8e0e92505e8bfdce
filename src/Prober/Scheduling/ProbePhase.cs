using System.Text;

namespace IgdLab.Prober.Scheduling;

/// <summary>
/// Each device's fixed offset within the probe interval, derived from its id and a seed (FNV-1a), so that probes
/// spread evenly over the interval instead of bursting at one tick, and the same device keeps the same slot across
/// restarts.
/// </summary>
internal static class ProbePhase
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>The offset of <paramref name="deviceId"/> in [0, <paramref name="interval"/>).</summary>
    public static TimeSpan Of(string deviceId, int seed, TimeSpan interval)
    {
        var hash = FnvOffset ^ (uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(deviceId))
        {
            hash = (hash ^ b) * FnvPrime;
        }

        // FNV's low bits mix poorly for short ids; fold the high half in before reducing.
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6d;
        hash ^= hash >> 12;
        return TimeSpan.FromTicks((long)((ulong)hash * (ulong)interval.Ticks >> 32));
    }
}
