namespace IgdLab.Device.Devices;

/// <summary>
/// The restore watch's waits: <c>interval · (1 − jitter · r)</c> with <c>r</c> from a seeded stream in [0, 1). Jitter
/// only shortens a wait, so the interval stays the longest a returned gateway goes unnoticed, and devices that lost
/// their mappings together do not poll in lockstep. Not thread-safe: one watch loop draws at a time.
/// </summary>
internal sealed class JitteredInterval(TimeSpan interval, double jitter, int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>The next wait.</summary>
    public TimeSpan Next() => interval * (1 - (jitter * _random.NextDouble()));
}
