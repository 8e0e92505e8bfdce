namespace IgdLab.Device.Probe;

/// <summary>
/// The probe unit's reconnect delays: exponential from the minimum to the maximum, each shortened by a seeded random
/// part of up to <see cref="ProbeUnitOptions.ReconnectJitter"/> so that a fleet that lost its server does not come
/// back in one burst. A delay never exceeds its step, so a test can fire it by advancing the clock by the step.
/// </summary>
internal sealed class ReconnectBackoff(ProbeUnitOptions options)
{
    private readonly Random _random = new(options.EffectiveSeed);
    private int _failures;

    /// <summary>Failed attempts since the last successful connection.</summary>
    public int Failures => _failures;

    /// <summary>The delay after a failed attempt (or a dropped channel); each call doubles the next step.</summary>
    public TimeSpan NextDelay()
    {
        var step = options.MinReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 30));
        _failures++;
        return Jittered(Math.Min(step, options.MaxReconnectDelay.TotalMilliseconds));
    }

    /// <summary>The delay after the server rejected the key: long, so a wrong key does not turn into a connection storm.</summary>
    public TimeSpan AuthenticationFailureDelay()
    {
        _failures++;
        return Jittered(options.AuthenticationFailureDelay.TotalMilliseconds);
    }

    /// <summary>A welcome arrived: the next drop starts again at the minimum.</summary>
    public void Reset() => _failures = 0;

    private TimeSpan Jittered(double milliseconds) =>
        TimeSpan.FromMilliseconds(milliseconds * (1 - (options.ReconnectJitter * _random.NextDouble())));
}
